import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '#shared/fleet/index.ts';
import { openCache, type CacheClient } from '../cache/cache-client.ts';
import { makeTempDir, type TempDir } from '../cache/test-support/cache-fixtures.ts';
import { useScriptedApi } from '../api/test-support/api-harness.ts';
import type { Profile } from '../profiles/profile-store.ts';
import type { ActiveSession, SessionController } from '../session/session-controller.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { createSyncLoop } from './sync-loop.ts';
import { cappedServer } from '../fleet/test-support/fleet-responses.ts';
import { createFleetFeature } from '../fleet/index.ts';

// The loop's runs against a scripted HTTPS server into a real cache. The session controller is a
// stand-in (only its connectivity and expiry are used here): the real one has its own tests.
const scripted = useScriptedApi();
let dir: TempDir;
const caches: CacheClient[] = [];

afterEach(async () => {
  await Promise.all(caches.splice(0).map((cache) => cache.close()));
  await dir?.remove();
});

const sessionStandIn = { snapshot: () => ({ connectivity: 'online' }), setConnectivity: () => undefined, expire: async () => undefined } as unknown as SessionController;

async function sessionWith(token: string): Promise<{ session: ActiveSession; cache: CacheClient }> {
  dir ??= await makeTempDir();
  const cache = await openCache({ file: dir.file(`${token}.sqlite`), keyHex: generateCacheKeyHex() });
  caches.push(cache);
  return { session: { profile: { id: token } as Profile, api: scripted.client(), token }, cache };
}

const bearer = (token: string) => (request: { headers: Record<string, unknown> }) => request.headers['authorization'] === `Bearer ${token}`;

describe('sync loop (scripted server)', () => {
  it('a session that starts while the previous one\'s run is still finishing gets its own first sync', async () => {
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    scripted.server.script(async (request, response) => {
      if (bearer('tok-old')(request)) await firstHeld;
      cappedServer(request, response);
    });
    const statuses: SyncStatus[] = [];
    const fleetJobs = createFleetFeature({ cache: () => null, sync: { status: () => statuses.at(-1)!, syncNow: async () => statuses.at(-1)! } }).syncJobs!;
    const loop = createSyncLoop({ intervalSeconds: 3600, session: sessionStandIn, onStatus: (status) => statuses.push(status), onDataChanged: () => undefined, jobs: () => fleetJobs, log: () => undefined });

    const old = await sessionWith('tok-old');
    await loop.start(old.session, old.cache, null);
    await vi.waitFor(() => expect(scripted.server.requests.some(bearer('tok-old'))).toBe(true));
    await loop.stop();
    const next = await sessionWith('tok-new');
    await loop.start(next.session, next.cache, null);
    releaseFirst();

    // Generous: on a loaded machine a first sync into a fresh cache (two workers) can take seconds.
    await vi.waitFor(() => expect(loop.status()).toMatchObject({ phase: 'idle', lastSyncedAt: expect.any(String) }), { timeout: 15_000 });
    expect(scripted.server.requests.some(bearer('tok-new'))).toBe(true);
    // The next sync is one interval (3600 s) after the last one.
    expect(Date.parse(loop.status().nextSyncAt!) - Date.parse(loop.status().lastSyncedAt!)).toBeGreaterThanOrEqual(3600_000 - 1000);
    expect(Date.parse(loop.status().nextSyncAt!) - Date.parse(loop.status().lastSyncedAt!)).toBeLessThanOrEqual(3600_000 + 1000);
    expect((await next.cache.queryFleet(FleetQuerySchema.parse({}))).rows).toHaveLength(5);
    await loop.stop();
  });
});
