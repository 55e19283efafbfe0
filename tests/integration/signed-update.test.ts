import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { makeTestKey } from '#core/update/test-support/signing.ts';
import { installedUpdater, publishRelease, startUpdateFeed, waitForUpdatePhase, type UpdateFeed } from '../../electron/main/test-support/update-feed.ts';
import { nextEvent, signIn, syncFinished, useConsoles, useSimulator } from './test-support/harness.ts';

// The whole core against the simulator, with the signed updater over a real HTTPS update feed:
// the restart that installs an update waits for a running sync, and the renderer is told so.
const simulator = useSimulator({ seed: 11, sites: 30 });
const consoles = useConsoles();
const publisher = makeTestKey('publisher-2026');
let feed: UpdateFeed;

beforeAll(async () => {
  feed = await startUpdateFeed();
});
afterAll(async () => {
  await feed.close();
});

describe('signed update in the console service', () => {
  it('is managed by the installed app in the web shell', async () => {
    const service = await consoles.launch();
    // The update state is shown in the signed-in console only (shared/session/channel-access.ts).
    await expect(service.handlers['update:get'](undefined)).rejects.toMatchObject({ code: 'invalid-state' });
    await signIn(service, simulator.sim, 'admin');
    expect(await service.handlers['update:get'](undefined)).toMatchObject({ phase: 'unsupported', message: 'Updates are managed by the installed app.' });
    expect(await service.handlers['update:check'](undefined)).toMatchObject({ phase: 'unsupported' });
  });

  it('holds "Restart to update" back while a sync writes the cache, and offers it again when the sync ends', async () => {
    await publishRelease(feed, path.join(consoles.dataDir, 'release'), '1.5.0', { serial: 10, key: publisher });
    const { updater, engine } = installedUpdater({ feed, dir: consoles.dataDir, installedVersion: '1.4.0', keys: [publisher.pinned], serialFloor: 1, log: () => undefined });
    const service = await consoles.launch({ appVersion: '1.4.0', updates: { engine } });
    await signIn(service, simulator.sim, 'admin');

    await service.handlers['update:check'](undefined);
    const ready = await waitForUpdatePhase(() => service.handlers['update:get'](undefined), ['ready', 'error']);
    expect(ready).toMatchObject({ phase: 'ready', update: { version: '1.5.0' }, restartBlockedBy: null });

    // A slow page keeps the next sync running while the technician asks to restart.
    await simulator.control('/control/faults', { path: '/api/dashboard/stats', kind: 'latency', delayMs: 1500 });
    const blocked = nextEvent(service, 'update:changed', (state) => state.restartBlockedBy !== null);
    const finished = syncFinished(service);
    void service.handlers['sync:now'](undefined);
    expect(await blocked).toMatchObject({ phase: 'ready', restartBlockedBy: 'the running sync' });
    const refused = await service.handlers['update:restart'](undefined).catch((error: unknown) => error);
    expect(isConsoleError(refused, 'invalid-state') && refused.message).toBe('Restart to update waits until the running sync has finished. Try again in a moment.');
    expect(updater.installs).toEqual([]);

    const unblocked = nextEvent(service, 'update:changed', (state) => state.restartBlockedBy === null);
    await finished;
    expect(await unblocked).toMatchObject({ phase: 'ready' });
    await service.handlers['update:restart'](undefined);
    expect(updater.installs).toHaveLength(1);
  });
});
