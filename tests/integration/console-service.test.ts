import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { isConsoleError } from '#shared/errors.ts';
import { nextEvent, recordWireRequests, signIn, syncFinished, useConsoles, useSimulator } from './test-support/harness.ts';

// The whole core (session, vault, api, cache worker, sync) against the simulator over real HTTPS,
// with the real Secret Service (run under dbus-run-session by `npm test`).
const allSites = FleetQuerySchema.parse({ limit: 500 });
// The steady-state test stops the simulator's time while it runs: the stored appliance status is swept every
// 2 minutes (live-status.ts), so on a running clock a sweep between two syncs can change an online count, and
// the fleet list and stats then rightly answer 200. Other tests need it running (the auth rate limit's minute).
let stoppedAt: number | null = null;
const simulator = useSimulator({ seed: 7, sites: 120, now: () => stoppedAt ?? Date.now() });
const logs: Array<{ message: string; fields?: Record<string, unknown> }> = [];
const consoles = useConsoles({ log: (_level, message, fields) => logs.push(fields ? { message, fields } : { message }) });
const signInAdmin = (service: Parameters<typeof signIn>[0]) => signIn(service, simulator.sim, 'admin');

/** Every file in the folder and its subfolders. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('console service against the simulator', () => {
  it('signs in, syncs every site into the encrypted cache, and leaves no record content in plaintext anywhere in the data folder', async () => {
    const service = await consoles.launch();
    await service.start();
    const { snapshot, status } = await signInAdmin(service);
    expect(snapshot.state).toBe('signed-in');
    expect(snapshot.connectivity).toBe('online');
    expect(status.phase).toBe('idle');
    const overview = await service.handlers['fleet:overview'](allSites);
    expect(overview.rows).toHaveLength(simulator.sim.siteCount);
    // A window, not the whole list: the default window is 100 rows, with the exact count beside it.
    const firstWindow = await service.handlers['fleet:overview'](FleetQuerySchema.parse({}));
    expect(firstWindow.rows.map((row) => row.siteId)).toEqual(overview.rows.slice(0, 100).map((row) => row.siteId));
    expect(firstWindow).toMatchObject({ offset: 0, total: { count: simulator.sim.siteCount, capped: false }, nextWindow: { offset: 100 } });
    expect(overview.stats?.totalClients).toBe(simulator.sim.siteCount);
    expect(overview.rows.some((site) => site.healthOverall !== null)).toBe(true);
    // An opened site puts its appliances (hostnames, addresses) into the cache as well.
    const siteWithAppliances = overview.rows.find((site) => site.applianceCount > 0)!;
    const view = await service.handlers['site:open']({ siteId: siteWithAppliances.siteId }).then(() => service.handlers['site:refresh']({ siteId: siteWithAppliances.siteId }));
    expect(view.appliances.length).toBeGreaterThan(0);

    const recordContents = [
      ...overview.rows.slice(0, 3).map((site) => site.clinicName),
      ...new Set(overview.rows.map((site) => site.orgName).filter((name): name is string => name !== null)),
      ...view.appliances.map((appliance) => appliance.hostname),
      ...view.appliances.flatMap((appliance) => appliance.ipAddresses),
    ];
    expect(recordContents.filter((content) => content.length >= 6).length).toBeGreaterThanOrEqual(8);
    const files = await filesUnder(consoles.dataDir);
    expect(files.some((file) => file.endsWith('.sqlite')), `a cache database among ${files.join(', ')}`).toBe(true);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const content of recordContents) expect(bytes.includes(Buffer.from(content)), `${path.relative(consoles.dataDir, file)} contains "${content}"`).toBe(false);
    }
  });

  it('the session token from the keychain is in no snapshot, answer or event payload of the run, and nowhere in the data folder', async () => {
    const service = await consoles.launch();
    const payloads: unknown[] = [];
    service.onEvent((event, payload) => payloads.push({ event, payload }));
    await service.start();
    const { snapshot, status } = await signInAdmin(service);
    const overview = await service.handlers['fleet:overview'](allSites);
    const siteId = overview.rows[0]!.siteId;
    const answers = [
      snapshot,
      status,
      overview,
      await service.handlers['session:get'](undefined),
      await service.handlers['profiles:list'](undefined),
      await service.handlers['site:open']({ siteId }),
      await service.handlers['site:refresh']({ siteId }),
    ];
    const finished = syncFinished(service);
    await service.handlers['sync:now'](undefined);
    answers.push(await finished);
    const token = await createKeychainVault(consoles.keychainService).get(vaultAccount(snapshot.server!.origin, snapshot.user!.id, 'session-token'));
    expect(token, 'the session token is in the keychain while signed in').toMatch(/\S{16,}/);
    expect(payloads.length).toBeGreaterThan(3);
    expect(payloads.map((entry) => (entry as { event: string }).event)).toEqual(expect.arrayContaining(['session:changed', 'sync:changed', 'data:changed', 'site:changed']));

    expect(JSON.stringify(answers)).not.toContain(token!);
    for (const entry of payloads) expect(JSON.stringify(entry)).not.toContain(token!);
    for (const file of await filesUnder(consoles.dataDir)) expect((await readFile(file)).includes(Buffer.from(token!)), `${file} holds the token`).toBe(false);
  });

  it('a second sync with nothing changed gets a 304 for every fleet list it asks for with its ETag, and rewrites no fleet record', async () => {
    stoppedAt = Date.now();
    onTestFinished(() => {
      stoppedAt = null;
    });
    const service = await consoles.launch();
    await signInAdmin(service);
    logs.length = 0;
    const wire = recordWireRequests(simulator.sim.url);
    const finished = syncFinished(service);
    await service.handlers['sync:now'](undefined);
    await finished;
    wire.stop();
    const last = logs.filter((entry) => entry.message === 'fleet sync finished').at(-1);
    // Counted on the wire: every fleet list went with its ETag and came back 304. The attention list
    // is fetched afresh with every sync (it is what "needs attention" right now), without an ETag.
    const attentionPath = '/api/dashboard/attention-required';
    expect(wire.requests.filter((request) => request.path === attentionPath)).toMatchObject([{ method: 'GET', ifNoneMatch: null, status: 200 }]);
    // Incidents have their own steady-state test (electron/core/incidents): this one is about the fleet lists.
    const fleetGets = wire.requests.filter(
      (request) => request.method === 'GET' && request.path.startsWith('/api/') && request.path !== attentionPath && !request.path.startsWith('/api/dashboard/incidents'),
    );
    expect(fleetGets.length).toBeGreaterThanOrEqual(2);
    expect(fleetGets.filter((request) => request.ifNoneMatch === null)).toEqual([]);
    expect(fleetGets.filter((request) => request.status !== 304)).toEqual([]);
    expect(last?.fields).toMatchObject({ changed: false, requests: fleetGets.length, notModified: fleetGets.length });
  });

  it('a sync that fails half-way keeps the previous cache intact and says why', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    const before = await service.handlers['fleet:overview'](allSites);
    await simulator.control('/control/fleet/touch', {});
    await simulator.control('/control/faults', { path: '/api/dashboard/stats', count: 5, kind: 'status', status: 500 });
    const finished = syncFinished(service);
    await service.handlers['sync:now'](undefined);
    const failed = await finished;
    expect(failed.phase).toBe('error');
    expect(failed.error?.code).toBe('server-error');
    expect(await service.handlers['fleet:overview'](allSites)).toEqual(before);
  });

  it('signs in with TOTP after the password', async () => {
    const service = await consoles.launch();
    const challenged = await service.handlers['session:signIn']({ serverUrl: simulator.sim.url, caFilePath: simulator.sim.caFile, username: 'alice', password: passwordOf(simulator.sim, 'alice') });
    expect(challenged.state).toBe('mfa-required');
    // A wrong code spends the MFA token (as Central Command does): back to the password step, with a notice.
    await expect(service.handlers['session:verifyTotp']({ code: '000000' === simulator.sim.totp('alice') ? '111111' : '000000' })).rejects.toSatisfy((error) => isConsoleError(error, 'mfa-invalid'));
    expect(await service.handlers['session:get'](undefined)).toMatchObject({ state: 'signed-out', notice: expect.stringMatching(/Sign in again/) });
    await service.handlers['session:signIn']({ serverUrl: simulator.sim.url, caFilePath: simulator.sim.caFile, username: 'alice', password: passwordOf(simulator.sim, 'alice') });
    const finished = syncFinished(service);
    const signedIn = await service.handlers['session:verifyTotp']({ code: simulator.sim.totp('alice') });
    expect(signedIn).toMatchObject({ state: 'signed-in', user: { username: 'alice', role: 'operator' } });
    await finished;
  });

  it('relaunched while Central Command is down, it starts locked and shows the cached fleet offline after the password', async () => {
    const first = await consoles.launch();
    const { status } = await signInAdmin(first);
    await first.dispose();

    await simulator.control('/control/faults', { path: '/api/*', count: 100, kind: 'drop' });
    const second = await consoles.launch();
    await second.start();
    expect(await second.handlers['session:get'](undefined)).toMatchObject({ state: 'locked', user: { username: 'admin' } });
    await expect(second.handlers['fleet:overview'](allSites)).rejects.toMatchObject({ code: 'locked' });
    const snapshot = await second.handlers['session:unlock']({ password: passwordOf(simulator.sim, 'admin') });
    expect(snapshot).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    const overview = await second.handlers['fleet:overview'](allSites);
    expect(overview.rows).toHaveLength(simulator.sim.siteCount);
    expect(overview.syncedAt).toBe(status.lastSyncedAt);
  });

  it('sign-out deletes the session token from the keychain and keeps the cache', async () => {
    const service = await consoles.launch();
    const { snapshot } = await signInAdmin(service);
    const vault = createKeychainVault(consoles.keychainService);
    const tokenAccount = vaultAccount(snapshot.server!.origin, snapshot.user!.id, 'session-token');
    const keyAccount = vaultAccount(snapshot.server!.origin, snapshot.user!.id, 'cache-key-share');
    expect(await vault.get(tokenAccount)).toMatch(/^\S{16,}$/);
    const signedOut = await service.handlers['session:signOut'](undefined);
    expect(signedOut.state).toBe('signed-out');
    expect(await vault.get(tokenAccount)).toBeNull();
    // The share, marked as bound to the offline credential (cache-key-custody.ts).
    expect(await vault.get(keyAccount)).toMatch(/^2:[0-9a-f]{64}$/);
    expect(await readdir(path.join(consoles.dataDir, 'caches'))).not.toHaveLength(0);
    await vault.delete(keyAccount);
  });

  it('a 401 in the background ends the session with a notice', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    await simulator.control('/control/sessions/expire', {});
    const expired = nextEvent(service, 'session:changed', (snapshot) => snapshot.state === 'expired');
    await service.handlers['sync:now'](undefined);
    expect((await expired).notice).toMatch(/Sign in again/);
  });
});
