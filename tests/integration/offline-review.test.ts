import diagnosticsChannel from 'node:diagnostics_channel';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { FleetOrgsQuerySchema, FleetQuerySchema } from '#shared/fleet/index.ts';
import { IncidentQuerySchema } from '#shared/incidents/query.ts';
import type { SessionSnapshot } from '#shared/ipc/contract.ts';
import { nextEvent, signIn, syncFinished, useConsoles, useSimulator } from './test-support/harness.ts';

// Offline review after Central Command ended the session: the whole console service against the
// simulator over real HTTPS (its own clock ends the session), the real Secret Service and real
// SQLCipher files. The reachability probe runs every 200 ms here instead of every 30 s.
const simulator = useSimulator({ seed: 31, sites: 20 });
const consoles = useConsoles({ reachabilityProbeSeconds: 0.2 });
const allSites = FleetQuerySchema.parse({ limit: 500 });
const allIncidents = IncidentQuerySchema.parse({});
const adminPassword = () => passwordOf(simulator.sim, 'admin');
const offline = () => simulator.control('/control/faults', { path: '/api/*', count: 1000, kind: 'drop' });
const online = () => simulator.control('/control/faults', undefined, 'DELETE');

/** Every request this process starts towards the simulator, and whether it carried a token (no token value is kept). */
function recordRequestAttempts() {
  const attempts: Array<{ path: string; withToken: boolean }> = [];
  const onCreate = (message: unknown) => {
    const { request } = message as { request: { origin: string | URL; path: string; headers: string[] | string } };
    if (String(request.origin).replace(/\/$/, '') !== simulator.sim.url) return;
    const raw = request.headers;
    const lines = Array.isArray(raw) ? raw.flatMap((value, at) => (at % 2 === 0 ? [`${value}: ${raw[at + 1] ?? ''}`] : [])) : raw.split('\r\n');
    const withToken = lines.some((line) => /^authorization:\s*bearer /i.test(line)) || /[?&]token=/.test(request.path);
    attempts.push({ path: request.path.split('?', 1)[0]!, withToken });
  };
  diagnosticsChannel.subscribe('undici:request:create', onCreate);
  return { attempts, stop: () => diagnosticsChannel.unsubscribe('undici:request:create', onCreate) };
}

async function cacheFiles(): Promise<string[]> {
  return (await readdir(path.join(consoles.dataDir, 'caches'))).filter((name) => name.endsWith('.sqlite') || name.includes('.bad-')).sort();
}

/** Signed in and synced; a site page and an incident opened, so their copies are cached too. */
async function signedInWithCachedPages() {
  const service = await consoles.launch();
  await signIn(service, simulator.sim, 'admin');
  const overview = await service.handlers['fleet:overview'](allSites);
  const siteId = overview.rows[0]!.siteId;
  const siteFetched = nextEvent(service, 'site:changed', (view) => view.siteId === siteId && view.asOf !== null);
  await service.handlers['site:open']({ siteId });
  const site = await siteFetched;
  await service.handlers['site:close']({ siteId });
  const incidentId = (await service.handlers['incidents:query'](allIncidents)).rows[0]!.id;
  const incident = await service.handlers['incidents:open']({ incidentId });
  expect(incident).not.toBeNull();
  await service.handlers['incidents:saveView']({ name: 'Open criticals', search: 'is:open severity:critical', sortBy: 'createdAt', sortDir: 'desc', groupBy: null });
  return { service, overview, site, incidentId, incident };
}

/** The console relaunched while Central Command is out of reach; the password opens a review. */
async function relaunchAndReview(): Promise<{ service: ConsoleService; reviewing: SessionSnapshot }> {
  const service = await consoles.launch();
  await service.start();
  const locked = await service.handlers['session:get'](undefined);
  expect(locked).toMatchObject({ state: 'locked', notice: expect.stringContaining('for review') });
  await offline();
  const reviewing = await service.handlers['session:unlock']({ password: adminPassword() });
  return { service, reviewing };
}

describe('offline review after Central Command ended the session', () => {
  it('after the 24 hours of a session ran out on the simulator clock: every cached view opens, nothing reaches the server, signing in resumes on the same cache', { timeout: 90_000 }, async () => {
    // Only the absolute end applies: requests keep the session from idling out while the clock runs.
    await simulator.control('/control/config', { sessionIdleMinutes: 48 * 60 });
    try {
      const { service: first, overview, site, incidentId, incident } = await signedInWithCachedPages();
      await simulator.control('/control/clock/advance', { seconds: 24 * 3600 + 60 });
      const expired = nextEvent(first, 'session:changed', (snapshot) => snapshot.state === 'expired');
      await first.handlers['sync:now'](undefined).catch(() => undefined);
      await expired;
      await first.dispose();
      const filesBefore = await cacheFiles();

      const requests = recordRequestAttempts();
      const { service, reviewing } = await relaunchAndReview();
      try {
        expect(reviewing).toMatchObject({ state: 'reviewing', connectivity: 'offline', user: { username: 'admin' } });
        expect((await service.handlers['fleet:overview'](allSites)).rows).toEqual(overview.rows);
        expect((await service.handlers['fleet:orgs'](FleetOrgsQuerySchema.parse({}))).rows.length).toBeGreaterThan(0);
        expect(await service.handlers['attention:list'](undefined)).toBeTruthy();
        const reviewedSite = await service.handlers['site:open']({ siteId: site.siteId });
        expect(reviewedSite).toMatchObject({ siteId: site.siteId, clinicName: site.clinicName, asOf: site.asOf, refreshing: false });
        expect(reviewedSite.appliances).toEqual(site.appliances);
        expect((await service.handlers['incidents:query'](allIncidents)).rows.length).toBeGreaterThan(0);
        expect(await service.handlers['incidents:open']({ incidentId })).toEqual(incident);
        expect((await service.handlers['incidents:facets'](allIncidents)).facets.length).toBeGreaterThan(0);
        expect((await service.handlers['incidents:histogram']({ search: '', days: 30 })).days.length).toBeGreaterThan(0);
        // The technician's saved views are local: they open in a review; changing them waits for a sign-in.
        expect((await service.handlers['incidents:views'](undefined)).views.map((view) => view.name)).toEqual(['Open criticals']);
        const saveRefused = await service.handlers['incidents:saveView']({ name: 'x', search: '', sortBy: 'createdAt', sortDir: 'desc', groupBy: null }).catch((error: { message: string }) => error);
        expect(saveRefused).toMatchObject({ message: expect.stringMatching(/^Sign in to Central Command to /) });

        const syncRefused = await service.handlers['sync:now'](undefined).catch((error: { code: string; message: string }) => error);
        expect(syncRefused).toMatchObject({ code: 'invalid-state', message: expect.stringMatching(/^Sign in to Central Command to sync now\./) });
        const refreshRefused = await service.handlers['site:refresh']({ siteId: site.siteId }).catch((error: { message: string }) => error);
        expect(refreshRefused).toMatchObject({ message: expect.stringMatching(/^Sign in to Central Command to refresh this site\./) });
        // Whatever the console tried while reviewing, none of it carried a token.
        expect(requests.attempts.filter((attempt) => attempt.withToken)).toEqual([]);

        // Central Command back: the console says so, and the technician signs in.
        const reachable = nextEvent(service, 'session:changed', (snapshot) => snapshot.state === 'reviewing' && snapshot.connectivity === 'online');
        await online();
        expect((await reachable).notice).toMatch(/Central Command is reachable again/);
        expect(requests.attempts.filter((attempt) => attempt.withToken)).toEqual([]);
        expect(requests.attempts.every((attempt) => attempt.path.startsWith('/api/auth/'))).toBe(true);

        const synced = syncFinished(service);
        expect(await service.handlers['session:unlock']({ password: adminPassword() })).toMatchObject({ state: 'signed-in', connectivity: 'online' });
        // The same cache: its data is there before the first sync ends, and nothing was moved aside.
        expect((await service.handlers['fleet:overview'](allSites)).rows.map((row) => row.siteId)).toEqual(overview.rows.map((row) => row.siteId));
        expect(await synced).toMatchObject({ phase: 'idle', error: null });
        // The recorder sees tokens when there are any: the session's sync carried one.
        expect(requests.attempts.some((attempt) => attempt.withToken)).toBe(true);
        expect(await cacheFiles()).toEqual(filesBefore);
      } finally {
        requests.stop();
      }
    } finally {
      await simulator.control('/control/config', { sessionIdleMinutes: 15 });
    }
  });

  it('after a 401 in the middle of a sync: relaunched offline, the cache opens for review', { timeout: 60_000 }, async () => {
    const { service: first, overview } = await signedInWithCachedPages();
    // The next sync stalls on its first request long enough for the session to end under it.
    await simulator.control('/control/faults', { path: '/api/sites', count: 1, kind: 'latency', delayMs: 1_500 });
    const expired = nextEvent(first, 'session:changed', (snapshot) => snapshot.state === 'expired');
    const syncing = first.handlers['sync:now'](undefined).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await simulator.control('/control/sessions/expire');
    expect((await expired).notice).toMatch(/session with Central Command has ended/);
    await syncing;
    await first.dispose();

    const { service, reviewing } = await relaunchAndReview();
    expect(reviewing).toMatchObject({ state: 'reviewing', connectivity: 'offline' });
    expect((await service.handlers['fleet:overview'](allSites)).rows.map((row) => row.siteId)).toEqual(overview.rows.map((row) => row.siteId));
  });

  it('another user signing in after a review sees only their own cache', { timeout: 60_000 }, async () => {
    const { service: first, overview } = await signedInWithCachedPages();
    await simulator.control('/control/sessions/expire');
    const expired = nextEvent(first, 'session:changed', (snapshot) => snapshot.state === 'expired');
    await first.handlers['sync:now'](undefined).catch(() => undefined);
    await expired;
    await first.dispose();
    const { service } = await relaunchAndReview();
    await service.handlers['session:signOut'](undefined);
    await online();

    await signIn(service, simulator.sim, 'olga');
    const theirs = await service.handlers['fleet:overview'](allSites);
    expect(theirs.rows.length).toBeGreaterThan(0);
    expect(theirs.rows.length).toBeLessThan(overview.rows.length);
    expect((await cacheFiles()).filter((name) => name.endsWith('.sqlite'))).toHaveLength(2);
  });
});
