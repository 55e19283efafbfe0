import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FleetSite } from '#shared/fleet/index.ts';
import type { IpcResult } from '#shared/ipc/contract.ts';
import { FakeBridge, ok } from '../../test-support/fake-bridge.ts';
import { appInfo, fleetOrg, orgPage, overview, SERVER, signedIn, signedOut, site, siteView, syncStatus } from '../../test-support/fixtures.ts';
import { renderConsole } from '../../test-support/render-console.tsx';

const SITES: FleetSite[] = [
  site(1, { clinicName: 'Alder Family Dental', orgId: 'org-n', orgName: 'Northside Health', liveStatus: 'online' }),
  site(2, { clinicName: 'Birch Pediatrics', orgId: 'org-n', orgName: 'Northside Health', liveStatus: 'offline' }),
  site(3, { clinicName: 'Cedar Eye Care', orgId: 'org-w', orgName: 'Westview Group', liveStatus: 'stale' }),
  site(4, { clinicName: 'Dogwood Dermatology', orgId: null, orgName: null, liveStatus: 'offline' }),
];

const ORGS = [
  fleetOrg('org-n', 'Northside Health', { online: 1, offline: 1 }),
  fleetOrg('org-w', 'Westview Group', { stale: 1 }),
  fleetOrg(null, null, { offline: 1 }),
];

/** Core's filtering, as far as these tests need it: by orgId ('' = no org) and live status. */
function overviewFor(input: unknown) {
  const { filters = {} } = input as { filters?: { orgId?: string | null; liveStatus?: string | null } };
  const orgId = filters.orgId ?? null;
  const sites = SITES.filter(
    (s) => (orgId === null || (s.orgId ?? '') === orgId) && (filters.liveStatus == null || s.liveStatus === filters.liveStatus),
  );
  return ok(overview(sites, { totalSites: SITES.length }));
}

function treeBridge() {
  return new FakeBridge({
    'app:info': ok(appInfo()),
    'session:get': ok(signedIn()),
    'fleet:overview': overviewFor,
    'fleet:orgs': ok(orgPage(ORGS)),
    'sync:status': ok(syncStatus()),
    'attention:list': ok({ items: [], l3Count: 0, repeatCount: 0, offlineCount: 0, asOf: '2026-01-15T10:00:30Z' }),
    'site:open': ok(siteView('site-2', { clinicName: 'Birch Pediatrics' })),
    'site:refresh': ok(siteView('site-2', { clinicName: 'Birch Pediatrics' })),
    'site:close': ok({ closed: true }),
  });
}

function tree() {
  return screen.getByRole('tree', { name: 'Client organisations' });
}

function rowNames() {
  return screen.getAllByTestId('site-row').map((row) => within(row).getAllByRole('cell')[0]?.textContent);
}

describe('client-org tree (fake bridge)', () => {
  it('lists "All sites", each org with its site count and offline/stale counts, and "No organisation" (fake bridge)', async () => {
    await renderConsole(treeBridge());
    await screen.findAllByTestId('site-row');
    const items = within(await screen.findByRole('tree', { name: 'Client organisations' })).getAllByRole('treeitem');

    expect(items.map((item) => item.getAttribute('aria-label') ?? item.textContent)).toEqual([
      'All sites (4)',
      'Northside Health, 2 sites, 1 offline',
      'Westview Group, 1 site, 1 stale',
      'No organisation, 1 site, 1 offline',
    ]);
    const northside = items[1]!;
    expect(within(northside).getByText('1 offline').className).toContain('badge-offline');
    expect(within(items[2]!).getByText('1 stale').className).toContain('badge-stale');
    expect(within(northside).getByText('2')).toBeTruthy();
    expect(items[0]!.getAttribute('aria-selected')).toBe('true');
    expect(northside.getAttribute('aria-selected')).toBe('false');
  });

  it('selecting an org filters the table in core, shows "N of T" and combines with the live-status filter (fake bridge)', async () => {
    const bridge = treeBridge();
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');

    await user.click(within(tree()).getByText('Northside Health'));
    expect(bridge.callsTo('fleet:overview').at(-1)).toEqual({ sortBy: 'clinicName', sortDir: 'asc', filters: { liveStatus: null, orgId: 'org-n' }, search: '', window: { offset: 0 }, limit: 100 });
    expect(await screen.findByText('2 of 4 sites')).toBeTruthy();
    expect(rowNames()).toEqual(['Alder Family Dental', 'Birch Pediatrics']);
    const northside = within(tree()).getByRole('treeitem', { name: /^Northside Health/ });
    expect(northside.getAttribute('aria-selected')).toBe('true');
    expect(northside.getAttribute('aria-current')).toBe('true');
    expect(within(tree()).getByRole('treeitem', { name: 'All sites (4)' }).getAttribute('aria-selected')).toBe('false');

    const filter = screen.getByRole('group', { name: 'Live status filter' });
    await user.click(within(filter).getByRole('button', { name: 'offline' }));
    expect(bridge.callsTo('fleet:overview').at(-1)).toEqual({ sortBy: 'clinicName', sortDir: 'asc', filters: { liveStatus: 'offline', orgId: 'org-n' }, search: '', window: { offset: 0 }, limit: 100 });
    expect(await screen.findByText('1 of 4 sites')).toBeTruthy();
    expect(rowNames()).toEqual(['Birch Pediatrics']);
  });

  it('"No organisation" sends orgId \'\' and "All sites" clears the org again (fake bridge)', async () => {
    const bridge = treeBridge();
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');

    await user.click(within(tree()).getByText('No organisation'));
    expect(bridge.callsTo('fleet:overview').at(-1)).toMatchObject({ filters: { orgId: '' } });
    expect(await screen.findByText('1 of 4 sites')).toBeTruthy();
    expect(rowNames()).toEqual(['Dogwood Dermatology']);

    await user.click(within(tree()).getByText('All sites (4)'));
    expect(bridge.callsTo('fleet:overview').at(-1)).toEqual({ sortBy: 'clinicName', sortDir: 'asc', filters: { liveStatus: null }, search: '', window: { offset: 0 }, limit: 100 });
    expect(await screen.findByText('4 sites')).toBeTruthy();
    expect(within(tree()).getByRole('treeitem', { name: 'All sites (4)' }).getAttribute('aria-selected')).toBe('true');
  });

  it('moves with Up/Down and selects with Enter (fake bridge)', async () => {
    const bridge = treeBridge();
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const all = within(tree()).getByRole('treeitem', { name: 'All sites (4)' });
    expect(all.tabIndex).toBe(0);

    act(() => all.focus());
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowUp}');
    const westview = within(tree()).getByRole('treeitem', { name: /^Westview Group/ });
    expect(document.activeElement).toBe(westview);
    expect(westview.tabIndex).toBe(0);
    expect(all.tabIndex).toBe(-1);

    await user.keyboard('{Enter}');
    expect(bridge.callsTo('fleet:overview').at(-1)).toMatchObject({ filters: { orgId: 'org-w' } });
    expect(await screen.findByText('1 of 4 sites')).toBeTruthy();
    expect(westview.getAttribute('aria-selected')).toBe('true');
  });

  it('Right expands an org into its sites, Left collapses it, and a site opens its page (fake bridge)', async () => {
    const bridge = treeBridge();
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const northside = within(tree()).getByRole('treeitem', { name: /^Northside Health/ });
    expect(northside.getAttribute('aria-expanded')).toBe('false');

    act(() => northside.focus());
    await user.keyboard('{ArrowRight}');
    expect(northside.getAttribute('aria-expanded')).toBe('true');
    const group = await within(northside).findByRole('group');
    expect(await within(group).findByText('Birch Pediatrics')).toBeTruthy();
    expect(bridge.callsTo('fleet:overview').at(-1)).toMatchObject({ filters: { orgId: 'org-n' } });
    expect(within(group).getAllByRole('treeitem').map((item) => item.textContent)).toEqual(['Alder Family Dentalonline', 'Birch Pediatricsoffline']);
    // Expanding lists the org's sites; it does not filter the table.
    expect(screen.getByTestId('site-count').textContent).toBe('4 sites');

    await user.keyboard('{ArrowLeft}');
    expect(northside.getAttribute('aria-expanded')).toBe('false');
    expect(within(northside).queryByRole('group')).toBeNull();

    await user.keyboard('{ArrowRight}');
    await user.click(await within(tree()).findByText('Birch Pediatrics'));
    expect(bridge.callsTo('site:open')).toEqual([{ siteId: 'site-2' }]);
    expect(await screen.findByRole('heading', { name: 'Birch Pediatrics' })).toBeTruthy();
    expect(screen.queryByRole('tree', { name: 'Client organisations' })).toBeNull();
  });

  it('refetches the orgs on data:changed (fake bridge)', async () => {
    const bridge = treeBridge();
    await renderConsole(bridge);
    await screen.findByRole('treeitem', { name: /^Westview Group/ });
    const before = bridge.callsTo('fleet:orgs').length;

    bridge.answer('fleet:orgs', ok(orgPage([...ORGS.slice(0, 2), fleetOrg('org-y', 'Yarrow Clinics', { offline: 3 }), ORGS[2]!])));
    act(() => bridge.emit('data:changed', { kinds: ['fleet'], syncedAt: '2026-01-15T10:01:30Z' }));

    expect(await screen.findByRole('treeitem', { name: 'Yarrow Clinics, 3 sites, 3 offline' })).toBeTruthy();
    expect(bridge.callsTo('fleet:orgs')).toHaveLength(before + 1);
  });

  it('an expanded org keeps its site nodes and keyboard focus across a data:changed, then shows the new sites (fake bridge)', async () => {
    const bridge = treeBridge();
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const northside = within(tree()).getByRole('treeitem', { name: /^Northside Health/ });
    act(() => northside.focus());
    await user.keyboard('{ArrowRight}');
    const group = await within(northside).findByRole('group');
    await within(group).findByText('Birch Pediatrics');
    await user.keyboard('{ArrowRight}');
    const alder = within(group).getByText('Alder Family Dental').closest('[role="treeitem"]');
    expect(document.activeElement).toBe(alder);
    const childRequests = () => bridge.callsTo('fleet:overview').filter((input) => (input as { filters?: { orgId?: string | null } }).filters?.orgId === 'org-n').length;
    const requestedBefore = childRequests();

    let answerOrgs: (result: IpcResult) => void = () => {};
    bridge.answer('fleet:orgs', () => new Promise<IpcResult>((resolve) => (answerOrgs = resolve)));
    act(() => bridge.emit('data:changed', { kinds: ['fleet'], syncedAt: '2026-01-15T10:01:30Z' }));

    // While the sync's answers are on their way, the org's sites stay as they were, the focused one still focused.
    expect(within(group).getAllByRole('treeitem').map((item) => item.textContent)).toEqual(['Alder Family Dentalonline', 'Birch Pediatricsoffline']);
    expect(screen.queryByText('Loading sites…')).toBeNull();
    expect(document.activeElement).toBe(alder);

    bridge.answer('fleet:overview', (input) =>
      (input as { filters?: { orgId?: string | null } }).filters?.orgId === 'org-n' ? ok(overview([SITES[0]!, { ...SITES[1]!, liveStatus: 'online' }])) : overviewFor(input),
    );
    await act(async () => answerOrgs(ok(orgPage(ORGS))));

    // Once the orgs are in, the expanded org's sites are asked for again and replace the old ones in place.
    expect(childRequests()).toBe(requestedBefore + 1);
    await waitFor(() => expect(within(group).getAllByRole('treeitem').map((item) => item.textContent)).toEqual(['Alder Family Dentalonline', 'Birch Pediatricsonline']));
    expect(screen.queryByText('Loading sites…')).toBeNull();
    expect(document.activeElement).toBe(alder);
  });

  it('renders org and site names as text, never as markup (fake bridge)', async () => {
    const bridge = treeBridge();
    bridge.answer('fleet:orgs', ok(orgPage([fleetOrg('org-x', '<img src=x onerror="alert(1)">Org', { online: 1 })])));
    await renderConsole(bridge);

    const item = await screen.findByRole('treeitem', { name: /^<img src=x/ });
    expect(within(item).getByText('<img src=x onerror="alert(1)">Org')).toBeTruthy();
    expect(tree().querySelector('img')).toBeNull();
  });

  it('collapses and reopens the pane with its button (fake bridge)', async () => {
    const { user } = await renderConsole(treeBridge());
    await screen.findByRole('treeitem', { name: /^Westview Group/ });

    await user.click(screen.getByRole('button', { name: 'Hide organisations' }));
    expect(screen.queryByRole('tree', { name: 'Client organisations' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show organisations' }).getAttribute('aria-expanded')).toBe('false');

    await user.click(screen.getByRole('button', { name: 'Show organisations' }));
    expect(within(tree()).getByRole('treeitem', { name: /^Westview Group/ })).toBeTruthy();
  });

  it('drops the orgs and the org selection when the session ends (fake bridge)', async () => {
    const bridge = treeBridge();
    const { user, stores } = await renderConsole(bridge);
    await screen.findByRole('treeitem', { name: /^Westview Group/ });
    await user.click(within(tree()).getByText('Westview Group'));
    expect(stores.fleet.getState().query.orgId).toBe('org-w');
    expect(stores.orgs.getState().orgs).toHaveLength(3);

    act(() => bridge.emit('session:changed', { ...signedOut({ server: SERVER, notice: 'Your session expired' }), state: 'expired' }));

    expect(stores.orgs.getState().orgs).toBeNull();
    expect(stores.fleet.getState().query.orgId).toBeNull();
    expect(screen.queryByRole('tree', { name: 'Client organisations' })).toBeNull();
  });
});
