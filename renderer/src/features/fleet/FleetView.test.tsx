import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FleetSite } from '#shared/fleet/index.ts';
import { FakeBridge, ok } from '../../test-support/fake-bridge.ts';
import { overview, site, syncStatus } from '../../test-support/fixtures.ts';
import { renderConsole } from '../../test-support/render-console.tsx';
import { signedInScript } from '../../test-support/signed-in-script.ts';

const THREE_SITES = [
  site(1, { clinicName: 'Alder Family Dental', orgName: 'Northside Health', liveStatus: 'online' }),
  site(2, { clinicName: 'Birch Pediatrics', orgName: null, liveStatus: 'offline', onlineCount: 0, healthOverall: 41.2, healthStatus: 'critical' }),
  site(3, { clinicName: 'Cedar Eye Care', orgName: 'Westview Group', liveStatus: 'auth_failed', incidents24h: 4, lastCheckin: null }),
];

function signedInBridge(sites: FleetSite[] = THREE_SITES) {
  return new FakeBridge({
    ...signedInScript(sites),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fleet view (fake bridge)', () => {
  it('shows the sites, the global stats as sent and the user (fake bridge)', async () => {
    await renderConsole(signedInBridge());

    const rows = await screen.findAllByTestId('site-row');
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]?.textContent)).toEqual([
      'Alder Family Dental',
      'Birch Pediatrics',
      'Cedar Eye Care',
    ]);
    const birch = rows[1]!;
    expect(within(birch).getByText('offline').closest('[data-status]')?.getAttribute('data-status')).toBe('offline');
    expect(within(birch).getByText('critical')).toBeTruthy();
    expect(within(rows[2]!).getByText('auth failed')).toBeTruthy();
    expect(within(rows[2]!).getByText('never')).toBeTruthy();

    const statsSection = screen.getByRole('region', { name: 'Fleet statistics' });
    expect(within(statsSection).getByText('77 / 80')).toBeTruthy();
    expect(within(statsSection).getByText('88.3%')).toBeTruthy();
    expect(within(statsSection).getByText('71.4% / 20.3%')).toBeTruthy();
    expect(within(statsSection).getByText('3.2%')).toBeTruthy();
    expect(screen.getByText('https://central.example.test')).toBeTruthy();
  });

  it('the sites panel says "as of" its last sync and refreshes it with a fleet sync (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('sync:now', ok(syncStatus({ phase: 'syncing' })));
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const asOf = screen.getByTestId('sites-as-of');
    expect(asOf.getAttribute('data-as-of')).toBe(overview(THREE_SITES).syncedAt);
    expect(asOf.textContent).toMatch(/^as of /);
    const toolbar = asOf.parentElement!;
    await user.click(within(toolbar).getByRole('button', { name: 'Refresh' }));
    expect(bridge.callsTo('sync:now')).toHaveLength(1);
  });

  it('renders server text as text, never as markup (fake bridge)', async () => {
    const hostile = '<img src=x onerror="alert(1)">Clinic';
    await renderConsole(signedInBridge([site(1, { clinicName: hostile, orgName: '<b>Org</b>' })]));

    const row = await screen.findByTestId('site-row');
    expect(within(row).getByText(hostile)).toBeTruthy();
    expect(within(row).getByText('<b>Org</b>')).toBeTruthy();
    expect(row.querySelector('img, b')).toBeNull();
  });

  it('sorts in core by calling fleet:overview with sortBy/sortDir and marks aria-sort (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const healthHeader = screen.getByRole('columnheader', { name: /Health/ });
    expect(healthHeader.getAttribute('aria-sort')).toBe('none');
    expect(screen.getByRole('columnheader', { name: /Site/ }).getAttribute('aria-sort')).toBe('ascending');

    await user.click(within(healthHeader).getByRole('button'));
    expect(bridge.callsTo('fleet:overview').at(-1)).toMatchObject({ sortBy: 'healthOverall', sortDir: 'asc' });
    expect(healthHeader.getAttribute('aria-sort')).toBe('ascending');

    await user.click(within(healthHeader).getByRole('button'));
    expect(bridge.callsTo('fleet:overview').at(-1)).toMatchObject({ sortBy: 'healthOverall', sortDir: 'desc' });
    expect(healthHeader.getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: /Site/ }).getAttribute('aria-sort')).toBe('none');
  });

  it('filters by live status in core and counts "N of T sites" (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    expect(screen.getByTestId('site-count').textContent).toBe('3 sites');

    bridge.answer('fleet:overview', ok(overview([THREE_SITES[1]!], { totalSites: 3 })));
    const filter = screen.getByRole('group', { name: 'Live status filter' });
    await user.click(within(filter).getByRole('button', { name: 'offline' }));

    expect(bridge.callsTo('fleet:overview').at(-1)).toEqual({ sortBy: 'clinicName', sortDir: 'asc', filters: { liveStatus: 'offline' }, search: '', window: { offset: 0 }, limit: 100 });
    expect(await screen.findByText('1 of 3 sites')).toBeTruthy();
    expect(screen.getAllByTestId('site-row')).toHaveLength(1);
    expect(within(filter).getByRole('button', { name: 'offline' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('debounces the search box into one fleet:overview call (fake bridge)', async () => {
    const bridge = signedInBridge();
    await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const callsBefore = bridge.callsTo('fleet:overview').length;
    // From here the debounce's clock is ours: no call until it is advanced, whatever the machine's speed.
    // (fireEvent, not user-event: the latter waits on setTimeout between keys.)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const search = screen.getByLabelText('Search sites');
    for (const typed of ['n', 'no', 'nor', 'nort', 'north']) fireEvent.change(search, { target: { value: typed } });
    expect(bridge.callsTo('fleet:overview')).toHaveLength(callsBefore);

    act(() => {
      vi.advanceTimersByTime(250);
    });
    const searchCalls = bridge.callsTo('fleet:overview').slice(callsBefore);
    expect(searchCalls).toEqual([{ sortBy: 'clinicName', sortDir: 'asc', filters: { liveStatus: null }, search: 'north', window: { offset: 0 }, limit: 100 }]);
  });

  it('refetches the current query on data:changed (fake bridge)', async () => {
    const bridge = signedInBridge();
    await renderConsole(bridge);
    await screen.findAllByTestId('site-row');

    bridge.answer('fleet:overview', ok(overview([...THREE_SITES, site(4, { clinicName: 'Dogwood Dermatology' })])));
    act(() => bridge.emit('data:changed', { kinds: ['fleet'], syncedAt: '2026-01-15T10:01:30Z' }));

    expect(await screen.findByText('Dogwood Dermatology')).toBeTruthy();
    expect(screen.getByTestId('site-count').textContent).toBe('4 sites');
  });

  it('shows the first-sync empty state while the cache is empty (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('fleet:overview', ok(overview([], { stats: null, syncedAt: null })));
    bridge.answer('sync:status', ok(syncStatus({ phase: 'syncing', lastSyncedAt: null, progress: { done: 1, total: 4, step: 'sites' } })));
    await renderConsole(bridge);

    expect(await screen.findByText('Syncing your fleet for the first time…')).toBeTruthy();
    expect(screen.queryAllByTestId('site-row')).toHaveLength(0);
    expect(screen.getByTestId('site-count').textContent).toBe('0 sites');
  });

  it('virtualizes thousands of sites: renders a screenful, counts them all (fake bridge)', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => site(i));
    await renderConsole(signedInBridge(many));

    const rows = await screen.findAllByTestId('site-row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(screen.getByTestId('site-count').textContent).toBe('3000 sites');
    expect(screen.getByRole('table', { name: 'Sites' }).getAttribute('aria-rowcount')).toBe('3001');
  });

  it('shows check-ins relative with the exact local time in the title (fake bridge)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-15T10:05:00Z') });
    await renderConsole(signedInBridge([site(1, { lastCheckin: '2026-01-15T10:00:00Z' })]));

    const row = await screen.findByTestId('site-row');
    const time = within(row).getByText('5 min ago');
    expect(time.getAttribute('dateTime')).toBe('2026-01-15T10:00:00Z');
    expect(time.getAttribute('title')).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(Date.parse('2026-01-15T10:00:00Z')),
    );
  });

  it('shows "Fleet statistics appear after the first sync" when the server sent none (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('fleet:overview', ok(overview(THREE_SITES, { stats: null })));
    await renderConsole(bridge);

    expect(await screen.findByText('Fleet statistics appear after the first sync.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Fleet statistics' })?.textContent).not.toContain('Clients');
  });
});
