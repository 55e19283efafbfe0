import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import type { IpcResult } from '#shared/ipc/contract.ts';
import type { IncidentFacetsResult, IncidentHistogram, IncidentPageResult, SavedViews } from '#shared/incidents/index.ts';
import { signIn, useConsoles, useSimulator } from './test-support/harness.ts';

// The incidents view's channels end to end: the console service against the simulator over real
// HTTPS, the real keychain, the real encrypted cache and durable store, each call through the
// dispatcher (input and output parsed against the contract) as the renderer's requests are.
const simulator = useSimulator({ seed: 14, sites: 30 });
const consoles = useConsoles();
const adminPassword = () => passwordOf(simulator.sim, 'admin');

function contract(service: ConsoleService) {
  const dispatch = createDispatcher(service.handlers);
  return async <T>(channel: string, input: unknown): Promise<T> => {
    const result: IpcResult = await dispatch(channel, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as T;
  };
}

const refusal = (call: Promise<unknown>) => call.then(() => null, (error: { code: string; message: string }) => ({ code: error.code, message: error.message }));
const view = (name: string, search = 'is:open') => ({ name, search, sortBy: 'createdAt', sortDir: 'desc', groupBy: null });

describe('the incidents view through the contract', () => {
  it('lists, counts and charts the synced incidents from the cache, and refuses bad input as invalid-input', async () => {
    const service = await consoles.launch();
    await signIn(service, simulator.sim, 'admin');
    const call = contract(service);

    const first = await call<IncidentPageResult>('incidents:query', { search: '', limit: 100 });
    expect(first.total.capped).toBe(false);
    const total = first.total.count;
    expect(total).toBeGreaterThan(200);
    // A deep offset window is the rows a cursor walk finds there.
    const walked = [...first.rows];
    let page = first;
    while (page.nextWindow !== null && walked.length < 250) {
      page = await call<IncidentPageResult>('incidents:query', { window: page.nextWindow, limit: 100 });
      walked.push(...page.rows);
    }
    const jumped = await call<IncidentPageResult>('incidents:query', { window: { offset: 150 }, limit: 50 });
    expect(jumped.offset).toBe(150);
    expect(jumped.rows.map((row) => row.id)).toEqual(walked.slice(150, 200).map((row) => row.id));

    const facets = await call<IncidentFacetsResult>('incidents:facets', { search: '' });
    expect(facets.total).toEqual({ count: total, capped: false });
    const sites = facets.facets.find((facet) => facet.dimension === 'site')!;
    expect(sites.values.reduce((sum, value) => sum + value.count, 0)).toBe(total);
    // Labelled with the clinic the fleet sync brought; filtering by the value gives that count.
    const busiest = sites.values[0]!;
    expect(busiest.label).not.toBe(busiest.value);
    const narrowed = await call<IncidentPageResult>('incidents:query', { search: `site:${busiest.value} ` });
    expect(narrowed.total).toEqual({ count: busiest.count, capped: false });
    expect(narrowed.rows.every((row) => row.siteId === busiest.value && row.siteName === busiest.label)).toBe(true);
    const orgs = facets.facets.find((facet) => facet.dimension === 'org')!;
    expect(orgs.values.length).toBeGreaterThan(0);
    expect(orgs.values.every((value) => value.label.length > 0)).toBe(true);

    const chart = await call<IncidentHistogram>('incidents:histogram', { search: '', days: 365 });
    expect(chart.days).toHaveLength(365);
    const open = facets.facets.find((facet) => facet.dimension === 'status')!.values.find((value) => value.value === 'open')?.count ?? 0;
    const oldest = (await call<IncidentPageResult>('incidents:query', { sortDir: 'asc', limit: 1 })).rows[0]!.createdAt;
    if (oldest >= `${chart.days[0]!.day}T00:00:00.000Z`) expect(chart.days.reduce((sum, day) => sum + day.unresolved, 0)).toBe(open);

    for (const [channel, input] of [
      ['incidents:query', { limit: 501 }],
      ['incidents:query', { window: { offset: -1 } }],
      ['incidents:query', { sortBy: 'hostname' }],
      ['incidents:query', { search: 'x'.repeat(2001) }],
      ['incidents:query', { text: 'severity:critical' }],
      ['incidents:facets', { window: { cursor: '' } }],
      ['incidents:histogram', { days: 0 }],
      ['incidents:histogram', { days: 366 }],
      ['incidents:histogram', { days: 7.5 }],
      ['incidents:histogram', { search: '' }],
      ['incidents:saveView', { ...view(''), name: '   ' }],
      ['incidents:saveView', view('x'.repeat(81))],
      ['incidents:saveView', { ...view('By host'), groupBy: 'hostname' }],
      ['incidents:saveView', { ...view('Sorted'), sortBy: 'rowid' }],
      ['incidents:deleteView', {}],
      ['incidents:views', { all: true }],
    ] as const) {
      expect(await refusal(call(channel, input)), `${channel} ${JSON.stringify(input).slice(0, 60)}`).toMatchObject({ code: 'invalid-input', message: expect.stringContaining(`Invalid input for ${channel}`) });
    }
  });

  it('keeps saved views per profile with unique names, across a restart and while Central Command is out of reach', async () => {
    const service = await consoles.launch();
    await signIn(service, simulator.sim, 'admin');
    const call = contract(service);
    expect(await call<SavedViews>('incidents:views', undefined)).toEqual({ views: [] });

    const saved = await call<SavedViews>('incidents:saveView', { ...view('  Open criticals '), search: 'is:open severity:critical', groupBy: 'site' });
    expect(saved.views).toEqual([expect.objectContaining({ name: 'Open criticals', search: 'is:open severity:critical', groupBy: 'site', sortBy: 'createdAt', sortDir: 'desc' })]);
    const criticals = saved.views[0]!;
    await call('incidents:saveView', { ...view('Backups by org', 'check:backup'), groupBy: 'org' });

    const clash = await refusal(call('incidents:saveView', view('OPEN CRITICALS')));
    expect(clash).toEqual({ code: 'conflict', message: 'A saved view named "OPEN CRITICALS" already exists. Choose another name, or open that view and save it.' });
    const renamedOnto = await refusal(call('incidents:saveView', { ...view('Backups by org'), id: criticals.id }));
    expect(renamedOnto?.code).toBe('conflict');
    // Saving a view under its own name changes it in place.
    const changed = await call<SavedViews>('incidents:saveView', { ...view('Open criticals', 'is:open severity:critical age:<7d'), id: criticals.id, groupBy: 'checkType' });
    expect(changed.views.map((entry) => entry.name)).toEqual(['Backups by org', 'Open criticals']);
    expect(changed.views[1]).toMatchObject({ id: criticals.id, search: 'is:open severity:critical age:<7d', groupBy: 'checkType', createdAt: criticals.createdAt });

    for (const missing of [call('incidents:deleteView', { id: 'no-such-view' }), call('incidents:saveView', { ...view('Ghost'), id: 'no-such-view' })]) {
      expect(await refusal(missing)).toEqual({ code: 'not-found', message: expect.stringContaining('That saved view no longer exists on this computer') });
    }
    const kept = (await call<SavedViews>('incidents:views', undefined)).views;
    expect(kept).toHaveLength(2);
    const openOnline = (await call<IncidentPageResult>('incidents:query', { search: kept[1]!.search })).total;
    await service.dispose();

    // Relaunched with Central Command out of reach: the offline unlock opens the same views, and saving works.
    await simulator.control('/control/faults', { path: '/api/*', count: 1000, kind: 'drop' });
    const relaunched = await consoles.launch();
    await relaunched.start();
    expect(await relaunched.handlers['session:unlock']({ password: adminPassword() })).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    const offline = contract(relaunched);
    expect((await offline<SavedViews>('incidents:views', undefined)).views).toEqual(kept);
    const added = await offline<SavedViews>('incidents:saveView', view('Offline triage'));
    expect(added.views.map((entry) => entry.name)).toEqual(['Backups by org', 'Offline triage', 'Open criticals']);
    const afterDelete = await offline<SavedViews>('incidents:deleteView', { id: criticals.id });
    expect(afterDelete.views.map((entry) => entry.name)).toEqual(['Backups by org', 'Offline triage']);
    // The view's query answers from the cache offline too.
    expect((await offline<IncidentPageResult>('incidents:query', { search: kept[1]!.search })).total).toEqual(openOnline);
    await relaunched.dispose();

    // Another profile on this computer has views of its own.
    await simulator.control('/control/faults', undefined, 'DELETE');
    const other = await consoles.launch();
    await signIn(other, simulator.sim, 'rita');
    expect(await contract(other)<SavedViews>('incidents:views', undefined)).toEqual({ views: [] });
  });
});
