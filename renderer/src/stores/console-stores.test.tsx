import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { IpcResult } from '#shared/ipc/contract.ts';
import { FakeBridge, ok } from '../test-support/fake-bridge.ts';
import { appInfo, overview, SERVER, signedOut, site, syncStatus } from '../test-support/fixtures.ts';
import { loadedSiteIds } from '../test-support/sites-list.ts';
import { renderConsole } from '../test-support/render-console.tsx';
import { signedInScript } from '../test-support/signed-in-script.ts';
import { createContractClient } from '#shared/ipc/client.ts';
import { createConsoleStores, storeRegistry } from './console-stores.ts';
import { describeRegistry } from '../kit/store-registry.ts';

function signedInBridge() {
  return new FakeBridge({
    ...signedInScript([site(1), site(2)]),
    'session:signOut': ok(signedOut({ server: SERVER })),
  });
}

describe('stores follow the session (fake bridge)', () => {
  it('Sign out clears the fleet and sync stores (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { user, stores } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    expect(loadedSiteIds(stores)).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(bridge.callsTo('session:signOut')).toHaveLength(1);
    expect(stores.fleetSites.getState().answer).toBeNull();
    expect(stores.sync.getState().status).toBeNull();
    expect(screen.queryAllByTestId('site-row')).toHaveLength(0);
  });

  it.each(['expired', 'locked', 'signed-out'] as const)('session:changed to %s drops all fleet data (fake bridge)', async (state) => {
    const bridge = signedInBridge();
    const { stores } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    await act(() => stores.fleet.getState().setLiveStatus('online'));

    act(() => bridge.emit('session:changed', { ...signedOut({ server: SERVER, notice: 'Your session expired' }), state }));

    expect(stores.fleetSites.getState().answer).toBeNull();
    expect(stores.fleet.getState().query.liveStatus).toBeNull();
    expect(stores.sync.getState().status).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Your session expired');
  });

  it('drops a fleet answer that lands after sign-out (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { stores } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');

    let answerLate: (result: IpcResult) => void = () => {};
    bridge.answer('fleet:overview', () => new Promise<IpcResult>((resolve) => (answerLate = resolve)));
    act(() => bridge.emit('data:changed', { kinds: ['fleet'], syncedAt: null }));
    act(() => bridge.emit('session:changed', signedOut()));
    await act(async () => answerLate(ok(overview([site(9)]))));

    expect(stores.fleetSites.getState().answer).toBeNull();
  });

  it('ignores fleet and sync events while signed out (fake bridge)', async () => {
    const bridge = new FakeBridge({ 'app:info': ok(appInfo()), 'session:get': ok(signedOut()) });
    const { stores } = await renderConsole(bridge);

    act(() => bridge.emit('data:changed', { kinds: ['fleet'], syncedAt: null }));
    act(() => bridge.emit('sync:changed', syncStatus()));

    expect(bridge.callsTo('fleet:overview')).toHaveLength(0);
    expect(stores.sync.getState().status).toBeNull();
  });

  it('data:changed reloads only the stores that show one of its kinds, once each (fake bridge)', async () => {
    const bridge = signedInBridge();
    await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const before = { overview: bridge.callsTo('fleet:overview').length, orgs: bridge.callsTo('fleet:orgs').length, attention: bridge.callsTo('attention:list').length };

    act(() => bridge.emit('data:changed', { kinds: ['attention'], syncedAt: null }));
    expect(bridge.callsTo('attention:list')).toHaveLength(before.attention + 1);
    expect(bridge.callsTo('fleet:overview')).toHaveLength(before.overview);
    expect(bridge.callsTo('fleet:orgs')).toHaveLength(before.orgs);

    act(() => bridge.emit('data:changed', { kinds: ['incidents'], syncedAt: null }));
    act(() => bridge.emit('data:changed', { kinds: ['fleet', 'attention'], syncedAt: null }));
    expect(bridge.callsTo('attention:list')).toHaveLength(before.attention + 2);
    expect(bridge.callsTo('fleet:orgs')).toHaveLength(before.orgs + 1);
    expect(bridge.callsTo('fleet:overview').length).toBeGreaterThan(before.overview);
  });

  it('the registry says what each store loads on sign-in, reloads on which kinds, and drops on sign-out', () => {
    const stores = createConsoleStores(createContractClient(new FakeBridge()));
    const table = Object.fromEntries(describeRegistry(storeRegistry(stores)).map(({ name, ...row }) => [name, row]));
    expect(table['fleet']).toEqual({ loadsOnSignIn: true, reloadsOn: [], clearedOnSignOut: true });
    expect(table['fleetSites']).toEqual({ loadsOnSignIn: false, reloadsOn: ['fleet'], clearedOnSignOut: true });
    expect(table['orgs']).toEqual({ loadsOnSignIn: true, reloadsOn: ['fleet'], clearedOnSignOut: true });
    expect(table['attention']).toEqual({ loadsOnSignIn: true, reloadsOn: ['attention'], clearedOnSignOut: true });
    expect(table['site']).toEqual({ loadsOnSignIn: false, reloadsOn: [], clearedOnSignOut: true });
    expect(table['sync']).toEqual({ loadsOnSignIn: true, reloadsOn: [], clearedOnSignOut: true });
    // Every store the console creates is in the registry (the session store drives it).
    expect(Object.keys(table).sort()).toEqual(Object.keys(stores).filter((name) => name !== 'session').sort());
  });
});
