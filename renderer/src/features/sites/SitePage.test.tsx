import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '#shared/ipc/contract.ts';
import type { SiteView } from '#shared/sites/index.ts';
import { fail, FakeBridge, ok } from '../../test-support/fake-bridge.ts';
import { SERVER, signedIn, signedOut, site, siteView } from '../../test-support/fixtures.ts';
import { renderConsole } from '../../test-support/render-console.tsx';
import { signedInScript } from '../../test-support/signed-in-script.ts';

const SITES = [site(1, { clinicName: 'Alder Family Dental' }), site(2, { clinicName: 'Birch Pediatrics', liveStatus: 'offline' })];

function signedInBridge(view: SiteView = siteView('site-1', { clinicName: 'Alder Family Dental' })) {
  return new FakeBridge({
    ...signedInScript(SITES),
    'attention:list': ok({ items: [], l3Count: 0, repeatCount: 0, offlineCount: 0, asOf: '2026-01-15T10:00:30Z' }),
    'site:open': ok(view),
    'site:refresh': ok(view),
    'site:close': ok({ closed: true }),
  });
}

async function openAlder(bridge: FakeBridge) {
  const rendered = await renderConsole(bridge);
  const rows = await screen.findAllByTestId('site-row');
  await rendered.user.click(within(rows[0]!).getByText('Alder Family Dental'));
  await screen.findByRole('table', { name: 'Appliances' });
  return rendered;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('site page (fake bridge)', () => {
  it('shows appliance times in the technician\'s zone with the clinic\'s on hover, and the clinic\'s clock (fake bridge)', async () => {
    await openAlder(signedInBridge());
    const offlineSince = within(screen.getAllByTestId('appliance-row')[1]!).getAllByRole('cell')[6]!.querySelector('time')!;
    expect(offlineSince.getAttribute('title')).toMatch(/\(your time\)\n.* at the clinic \(America\/Chicago\)$/);
    expect(screen.getAllByTestId('site-as-of')[0]!.getAttribute('title')).toMatch(/at the clinic \(America\/Chicago\)/);
    expect(screen.getByTestId('clinic-clock').textContent).toMatch(/C[SD]T at the clinic$/);
  });

  it('says the clinic\'s zone is unknown when the address names no state (fake bridge)', async () => {
    await openAlder(signedInBridge(siteView('site-1', { clinicName: 'Alder Family Dental', clinicTimeZone: null })));
    expect(screen.getByTestId('clinic-clock').textContent).toBe('Clinic time zone unknown');
    const lastCheckin = within(screen.getAllByTestId('appliance-row')[0]!).getAllByRole('cell')[4]!.querySelector('time')!;
    expect(lastCheckin.getAttribute('title')).toMatch(/Clinic time zone unknown/);
  });

  it('opening a site from the table shows its appliances and compliance health (fake bridge)', async () => {
    const bridge = signedInBridge();
    await openAlder(bridge);

    expect(bridge.callsTo('site:open')).toEqual([{ siteId: 'site-1' }]);
    expect(screen.getByRole('heading', { level: 1, name: 'Alder Family Dental' })).toBeTruthy();
    expect(screen.getByText('Northside Health')).toBeTruthy();
    expect(screen.getByText('Tier: standard')).toBeTruthy();

    const rows = screen.getAllByTestId('appliance-row');
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]?.textContent)).toEqual(['ap-01Front desk', 'ap-02']);
    const offline = rows[1]!;
    expect(within(offline).getByText('offline').closest('[data-status]')?.getAttribute('data-status')).toBe('offline');
    expect(within(rows[0]!).getByText('3 d 4 h')).toBeTruthy();
    expect(within(rows[0]!).getByText('10.0.0.5')).toBeTruthy();
    expect(within(rows[0]!).getByText('10.0.1.5')).toBeTruthy();
    expect(within(rows[0]!).getByText('1.4.2')).toBeTruthy();
    const offlineSince = within(offline).getAllByRole('cell')[6]!.querySelector('time');
    expect(offlineSince?.getAttribute('dateTime')).toBe('2026-01-15T08:00:00Z');

    const compliance = screen.getByRole('region', { name: 'Compliance health' });
    expect(within(compliance).getByTestId('compliance-overall').textContent).toBe('Overall score87.5');
    const categories = within(within(compliance).getByRole('list', { name: 'Score by category' })).getAllByRole('listitem');
    expect(categories.map((item) => item.textContent)).toEqual(['patching92.0', 'backup60.0', 'encryptionNo data']);
    expect(within(within(compliance).getByLabelText('Checks')).getByText('Failed').nextSibling?.textContent).toBe('3');
    expect(within(within(compliance).getByLabelText('Healing')).getByText('Auto-healed').nextSibling?.textContent).toBe('9');
    for (const asOf of screen.getAllByTestId('site-as-of')) expect(asOf.getAttribute('data-as-of')).toBe('2026-01-15T10:00:00Z');
  });

  it('opens a site with Enter on a focused row (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { user } = await renderConsole(bridge);
    const rows = await screen.findAllByTestId('site-row');
    rows[0]!.focus();
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('table', { name: 'Appliances' })).toBeTruthy();
    expect(bridge.callsTo('site:open')).toEqual([{ siteId: 'site-1' }]);
  });

  it('shows a loading state until the first copy arrives (fake bridge)', async () => {
    const bridge = signedInBridge();
    let answer: (result: IpcResult) => void = () => {};
    bridge.answer('site:open', () => new Promise<IpcResult>((resolve) => (answer = resolve)));
    const { user } = await renderConsole(bridge);
    await user.click((await screen.findAllByTestId('site-row'))[0]!);

    expect(screen.getByText('Loading the site…')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Appliances' })).toBeNull();
    await act(async () => answer(ok(siteView('site-1'))));
    expect(screen.queryByText('Loading the site…')).toBeNull();
    expect(screen.getAllByTestId('appliance-row')).toHaveLength(2);
  });

  it('replaces the data on site:changed for the open site and ignores other sites (fake bridge)', async () => {
    const bridge = signedInBridge();
    await openAlder(bridge);

    act(() => bridge.emit('site:changed', siteView('site-2', { appliances: [] })));
    expect(screen.getAllByTestId('appliance-row')).toHaveLength(2);

    const fresh = siteView('site-1', { asOf: '2026-01-15T10:05:00Z' });
    fresh.appliances[1] = { ...fresh.appliances[1]!, liveStatus: 'online', offlineSince: null };
    fresh.appliances.push({ ...fresh.appliances[0]!, applianceId: 'ap-3', hostname: 'ap-03', displayName: null });
    act(() => bridge.emit('site:changed', fresh));

    const rows = screen.getAllByTestId('appliance-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).queryByText('offline')).toBeNull();
    expect(screen.getAllByTestId('site-as-of')[0]!.getAttribute('data-as-of')).toBe('2026-01-15T10:05:00Z');
  });

  it('Refresh calls site:refresh and is disabled while it is pending (fake bridge)', async () => {
    const bridge = signedInBridge();
    let answer: (result: IpcResult) => void = () => {};
    bridge.answer('site:refresh', () => new Promise<IpcResult>((resolve) => (answer = resolve)));
    const { user } = await openAlder(bridge);
    const refresh = screen.getByRole('button', { name: 'Refresh' });
    expect(refresh.hasAttribute('disabled')).toBe(false);

    await user.click(refresh);
    expect(bridge.callsTo('site:refresh')).toEqual([{ siteId: 'site-1' }]);
    expect(refresh.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Refreshing…')).toBeTruthy();

    await act(async () => answer(ok(siteView('site-1', { asOf: '2026-01-15T10:06:00Z' }))));
    expect(refresh.hasAttribute('disabled')).toBe(false);
    expect(screen.queryByText('Refreshing…')).toBeNull();
    expect(screen.getAllByTestId('site-as-of')[0]!.getAttribute('data-as-of')).toBe('2026-01-15T10:06:00Z');
  });

  it('disables Refresh while core reports refreshing (fake bridge)', async () => {
    const bridge = signedInBridge(siteView('site-1', { refreshing: true }));
    await openAlder(bridge);
    expect(screen.getByRole('button', { name: 'Refresh' }).hasAttribute('disabled')).toBe(true);

    act(() => bridge.emit('site:changed', siteView('site-1', { refreshing: false })));
    expect(screen.getByRole('button', { name: 'Refresh' }).hasAttribute('disabled')).toBe(false);
  });

  it('an error keeps the cached rows and shows the alert (fake bridge)', async () => {
    const bridge = signedInBridge();
    await openAlder(bridge);

    const message = 'Central Command could not be reached; showing the copy from 10:00.';
    act(() => bridge.emit('site:changed', siteView('site-1', { error: { code: 'unreachable', message } })));
    expect(screen.getByRole('alert').textContent).toBe(message);
    expect(screen.getAllByTestId('appliance-row')).toHaveLength(2);
  });

  it('a failed site:refresh call keeps the cached rows and shows the alert (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('site:refresh', fail('timeout', 'Central Command did not answer in time.'));
    const { user } = await openAlder(bridge);

    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Central Command did not answer in time.');
    expect(screen.getAllByTestId('appliance-row')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Refresh' }).hasAttribute('disabled')).toBe(false);
  });

  it('renders server text as text, never as markup (fake bridge)', async () => {
    const hostile = '<img src=x onerror="alert(1)">ap';
    const view = siteView('site-1', { clinicName: '<b>Alder</b>' });
    view.appliances[0] = { ...view.appliances[0]!, hostname: hostile };
    await openAlder(signedInBridge(view));

    expect(screen.getByRole('heading', { level: 1, name: '<b>Alder</b>' })).toBeTruthy();
    expect(screen.getByText(hostile)).toBeTruthy();
    expect(document.querySelector('main img, main b')).toBeNull();
  });

  it('Back calls site:close and shows the fleet again (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { user } = await openAlder(bridge);

    await user.click(screen.getByRole('button', { name: /Back to fleet/ }));

    expect(bridge.callsTo('site:close')).toEqual([{ siteId: 'site-1' }]);
    expect(screen.getByRole('table', { name: 'Sites' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Appliances' })).toBeNull();
    act(() => bridge.emit('site:changed', siteView('site-1')));
    expect(screen.queryByRole('table', { name: 'Appliances' })).toBeNull();
  });

  it('drops a site:open answer that lands after Back (fake bridge)', async () => {
    const bridge = signedInBridge();
    let answerLate: (result: IpcResult) => void = () => {};
    bridge.answer('site:open', () => new Promise<IpcResult>((resolve) => (answerLate = resolve)));
    const { user, stores } = await renderConsole(bridge);
    await user.click((await screen.findAllByTestId('site-row'))[0]!);
    await user.click(screen.getByRole('button', { name: /Back to fleet/ }));
    await act(async () => answerLate(ok(siteView('site-1'))));

    expect(stores.site.getState().view).toBeNull();
    expect(stores.site.getState().openSiteId).toBeNull();
  });

  it.each(['expired', 'locked', 'signed-out'] as const)('session end (%s) clears the site view and closes it in core (fake bridge)', async (state) => {
    const bridge = signedInBridge();
    const { stores } = await openAlder(bridge);
    expect(stores.site.getState().view?.appliances).toHaveLength(2);

    act(() => bridge.emit('session:changed', { ...signedOut({ server: SERVER }), state }));

    expect(stores.site.getState().view).toBeNull();
    expect(stores.site.getState().openSiteId).toBeNull();
    expect(bridge.callsTo('site:close')).toEqual([{ siteId: 'site-1' }]);
    expect(screen.queryAllByTestId('appliance-row')).toHaveLength(0);

    // Signing in again lands on the fleet, not on the old site.
    act(() => bridge.emit('session:changed', signedIn()));
    expect(await screen.findByRole('table', { name: 'Sites' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Appliances' })).toBeNull();
  });
});
