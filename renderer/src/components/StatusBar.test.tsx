import { act, screen, within } from '@testing-library/react';
import type { SyncStatus } from '#shared/fleet/index.ts';
import { describe, expect, it } from 'vitest';
import { FakeBridge, fail, ok } from '../test-support/fake-bridge.ts';
import { appInfo, overview, signedIn, site, syncStatus } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';

function bridgeFor(connectivity: 'online' | 'offline', sync = syncStatus()) {
  return new FakeBridge({
    'app:info': ok(appInfo()),
    'session:get': ok(signedIn(connectivity)),
    'fleet:overview': ok(overview([site(1)])),
    'sync:status': ok(sync),
    'sync:now': ok(syncStatus({ phase: 'syncing', progress: { done: 0, total: 3, step: 'fleet' } })),
  });
}

describe('status bar (fake bridge)', () => {
  it('says offline, shows cached data, and disables Sync now with the reason (fake bridge)', async () => {
    const bridge = bridgeFor('offline');
    await renderConsole(bridge);

    expect((await screen.findByTestId('connectivity')).textContent).toBe('Offline — showing cached data');
    const syncNow = screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement;
    expect(syncNow.disabled).toBe(true);
    expect(syncNow.title).toMatch(/^Offline/);
    expect(await screen.findAllByTestId('site-row')).toHaveLength(1);
  });

  it('shows last synced with its ISO time, and Sync now asks core to sync (fake bridge)', async () => {
    const bridge = bridgeFor('online');
    const { user } = await renderConsole(bridge);

    expect(screen.getByTestId('connectivity').textContent).toBe('Online');
    const lastSynced = await screen.findByText(/^Last synced /);
    expect(lastSynced.getAttribute('data-synced-at')).toBe('2026-01-15T10:00:30Z');
    expect(lastSynced.getAttribute('title')).not.toBe('');

    await user.click(screen.getByRole('button', { name: 'Sync now' }));

    expect(bridge.callsTo('sync:now')).toHaveLength(1);
    expect((await screen.findByTestId('sync-progress')).textContent).toBe('Syncing fleet 0/3');
  });

  it('says "Never synced" before any sync (fake bridge)', async () => {
    const bridge = bridgeFor('online', syncStatus({ lastSyncedAt: null }));
    bridge.answer('fleet:overview', ok(overview([], { syncedAt: null })));
    await renderConsole(bridge);

    const lastSynced = await screen.findByTestId('last-synced');
    expect(lastSynced.textContent).toBe('Never synced');
    expect(lastSynced.hasAttribute('data-synced-at')).toBe(false);
  });

  it('follows sync:changed: progress while syncing, then the last error (fake bridge)', async () => {
    const bridge = bridgeFor('online');
    await renderConsole(bridge);
    await screen.findByTestId('last-synced');

    act(() => bridge.emit('sync:changed', syncStatus({ phase: 'syncing', progress: { done: 3, total: 7, step: 'sites' } })));
    expect(screen.getByTestId('sync-progress').textContent).toBe('Syncing sites 3/7');

    act(() =>
      bridge.emit(
        'sync:changed',
        syncStatus({ phase: 'error', error: { code: 'server-error', message: 'Central Command answered 503 for /api/sites.' } }),
      ),
    );
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('Central Command answered 503 for /api/sites.');
  });

  it('shows a failed Sync now request (fake bridge)', async () => {
    const bridge = bridgeFor('online');
    bridge.answer('sync:now', fail('invalid-state', 'A sync cannot start while the console is locked.'));
    const { user } = await renderConsole(bridge);

    await user.click(await screen.findByRole('button', { name: 'Sync now' }));

    expect((await screen.findByRole('alert')).textContent).toBe('A sync cannot start while the console is locked.');
  });

  it('lists each sync job in the sync details: synced, failing with its reason and next try, or paused (fake bridge)', async () => {
    const job = (name: string, overrides: Partial<SyncStatus['jobs'][number]>) => ({ name, phase: 'idle' as const, lastSyncedAt: null, lastAttemptAt: null, nextRunAt: null, failures: 0, error: null, ...overrides });
    const bridge = bridgeFor(
      'online',
      syncStatus({
        jobs: [
          job('fleet', { lastSyncedAt: '2026-01-15T10:00:30Z' }),
          job('incidents', { phase: 'waiting', failures: 2, nextRunAt: '2099-01-01T00:00:00Z', error: { code: 'server-error', message: 'Central Command answered 500 for /api/incidents.' } }),
        ],
      }),
    );
    const { user } = await renderConsole(bridge);
    const details = await screen.findByTestId('sync-details');
    expect(within(details).getByText('Sync details (1 failing)')).toBeTruthy();
    await user.click(within(details).getByText('Sync details (1 failing)'));
    const [fleet, incidents] = within(details).getAllByTestId('sync-job');
    expect(fleet!.textContent).toMatch(/^fleet synced /);
    expect(incidents!.textContent).toMatch(/^incidents failed 2 times; next try .+ — Central Command answered 500 for \/api\/incidents\.$/);

    act(() => bridge.emit('sync:changed', syncStatus({ phase: 'paused', jobs: [job('fleet', { phase: 'paused' }), job('incidents', { phase: 'paused' })] })));
    expect(within(screen.getByTestId('sync-details')).getAllByTestId('sync-job').map((entry) => entry.textContent)).toEqual(['fleet paused while offline', 'incidents paused while offline']);
  });
});
