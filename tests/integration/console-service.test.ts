import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { createConsoleService, type ConsoleService } from '#core/console-service.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { FleetQuerySchema, type EventName, type EventPayload, type SyncStatus } from '#shared/ipc/contract.ts';
import { isConsoleError } from '#shared/errors.ts';

// The whole core (session, vault, api, cache worker, sync) against the simulator over real HTTPS,
// with the real Secret Service (run under dbus-run-session by `npm test`).
// A keychain service name per test: the entries are named by origin + user, which every test shares.
let keychainService = '';
const allSites = FleetQuerySchema.parse(undefined);
let sim: RunningSimulator;
let simDir: string;
let dataDir: string;
const services: ConsoleService[] = [];
const logs: Array<{ message: string; fields?: Record<string, unknown> }> = [];

async function newService(): Promise<ConsoleService> {
  keychainService ||= `central-console-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const service = await createConsoleService({
    dataDir,
    shell: 'web',
    appVersion: 'test',
    platform: process.platform,
    keychainService,
    syncIntervalSeconds: 3600,
    log: (_level, message, fields) => logs.push(fields ? { message, fields } : { message }),
  });
  services.push(service);
  return service;
}

function nextEvent<E extends EventName>(service: ConsoleService, event: E, match: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const off = service.onEvent((name, payload) => {
      if ((name as EventName) === event && match(payload as unknown as EventPayload<E>)) {
        off();
        resolve(payload as unknown as EventPayload<E>);
      }
    });
  });
}

const syncFinished = (service: ConsoleService) => nextEvent(service, 'sync:changed', (status: SyncStatus) => status.phase !== 'syncing');

async function control(pathname: string, body?: unknown, method = 'POST') {
  const response = await fetch(`${sim.controlUrl}${pathname}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  if (!response.ok) throw new Error(`control ${pathname}: ${response.status}`);
  return response.json();
}

function user(name: string) {
  const found = sim.users.find((candidate) => candidate.username === name);
  if (!found) throw new Error(`no demo user ${name}`);
  return found;
}

async function signInAdmin(service: ConsoleService) {
  const finished = syncFinished(service);
  const snapshot = await service.handlers['session:signIn']({ serverUrl: sim.url, caFilePath: sim.caFile, username: 'admin', password: user('admin').password });
  const status = await finished;
  return { snapshot, status };
}

beforeAll(async () => {
  simDir = await mkdtemp(path.join(os.tmpdir(), 'cc-sim-'));
  sim = await startSimulator({ seed: 7, sites: 120, dataDir: simDir, port: 0, controlPort: 0 });
  // Seven sign-ins in a few seconds: the 5/min auth limit is tested in the simulator's own suite.
  await control('/control/config', { authRateLimitPerMinute: 1000 });
});

afterEach(async () => {
  while (services.length) await services.pop()!.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await fetch(`${sim.controlUrl}/control/faults`, { method: 'DELETE' });
  logs.length = 0;
  keychainService = '';
});

afterAll(async () => {
  await sim?.close();
  await rm(simDir, { recursive: true, force: true });
});

describe('console service against the simulator', () => {
  it('signs in, syncs every site into the encrypted cache, and leaves no plaintext on disk', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-data-'));
    const service = await newService();
    await service.start();
    const { snapshot, status } = await signInAdmin(service);
    expect(snapshot.state).toBe('signed-in');
    expect(snapshot.connectivity).toBe('online');
    expect(status.phase).toBe('idle');
    const overview = await service.handlers['fleet:overview'](allSites);
    expect(overview.sites).toHaveLength(sim.siteCount);
    expect(overview.stats?.totalClients).toBe(sim.siteCount);
    expect(overview.sites.some((site) => site.healthOverall !== null)).toBe(true);

    // The snapshot carries no token, and the cache files hold no clinic name in plaintext.
    expect(JSON.stringify(snapshot)).not.toMatch(/token/i);
    const cacheDir = path.join(dataDir, 'caches');
    const clinic = overview.sites[0]!.clinicName;
    for (const file of await readdir(cacheDir)) {
      const bytes = await readFile(path.join(cacheDir, file));
      expect(bytes.includes(Buffer.from(clinic)), `${file} contains "${clinic}"`).toBe(false);
    }
  });

  it('a second sync with nothing changed costs only 304s and rewrites nothing', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-data-'));
    const service = await newService();
    await signInAdmin(service);
    const finished = syncFinished(service);
    await service.handlers['sync:now'](undefined);
    await finished;
    const last = logs.filter((entry) => entry.message === 'fleet sync finished').at(-1);
    expect(last?.fields).toMatchObject({ changed: false });
    expect(last?.fields?.requests).toBe(last?.fields?.notModified);
  });

  it('a sync that fails half-way keeps the previous cache intact and says why', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-data-'));
    const service = await newService();
    await signInAdmin(service);
    const before = await service.handlers['fleet:overview'](allSites);
    await control('/control/fleet/touch', {});
    await control('/control/faults', { path: '/api/dashboard/stats', count: 5, kind: 'status', status: 500 });
    const finished = syncFinished(service);
    await service.handlers['sync:now'](undefined);
    const failed = await finished;
    expect(failed.phase).toBe('error');
    expect(failed.error?.code).toBe('server-error');
    expect(await service.handlers['fleet:overview'](allSites)).toEqual(before);
  });

  it('signs in with TOTP after the password', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-data-'));
    const service = await newService();
    const challenged = await service.handlers['session:signIn']({ serverUrl: sim.url, caFilePath: sim.caFile, username: 'alice', password: user('alice').password });
    expect(challenged.state).toBe('mfa-required');
    // A wrong code spends the MFA token (as Central Command does): back to the password step, with a notice.
    await expect(service.handlers['session:verifyTotp']({ code: '000000' === sim.totp('alice') ? '111111' : '000000' })).rejects.toSatisfy((error) => isConsoleError(error, 'mfa-invalid'));
    expect(await service.handlers['session:get'](undefined)).toMatchObject({ state: 'signed-out', notice: expect.stringMatching(/Sign in again/) });
    await service.handlers['session:signIn']({ serverUrl: sim.url, caFilePath: sim.caFile, username: 'alice', password: user('alice').password });
    const finished = syncFinished(service);
    const signedIn = await service.handlers['session:verifyTotp']({ code: sim.totp('alice') });
    expect(signedIn).toMatchObject({ state: 'signed-in', user: { username: 'alice', role: 'operator' } });
    await finished;
  });

  it('relaunched while Central Command is down, it starts locked and shows the cached fleet offline after the password', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-data-'));
    const first = await newService();
    const { status } = await signInAdmin(first);
    await first.dispose();
    services.length = 0;

    await control('/control/faults', { path: '/api/*', count: 100, kind: 'drop' });
    const second = await newService();
    await second.start();
    expect(await second.handlers['session:get'](undefined)).toMatchObject({ state: 'locked', user: { username: 'admin' } });
    expect((await second.handlers['fleet:overview'](allSites)).sites).toHaveLength(0);
    const snapshot = await second.handlers['session:unlock']({ password: user('admin').password });
    expect(snapshot).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    const overview = await second.handlers['fleet:overview'](allSites);
    expect(overview.sites).toHaveLength(sim.siteCount);
    expect(overview.syncedAt).toBe(status.lastSyncedAt);
  });

  it('sign-out deletes the session token from the keychain and keeps the cache', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-data-'));
    const service = await newService();
    const { snapshot } = await signInAdmin(service);
    const vault = createKeychainVault(keychainService);
    const tokenAccount = vaultAccount(snapshot.server!.origin, snapshot.user!.id, 'session-token');
    const keyAccount = vaultAccount(snapshot.server!.origin, snapshot.user!.id, 'cache-key-share');
    expect(await vault.get(tokenAccount)).toBeTruthy();
    const signedOut = await service.handlers['session:signOut'](undefined);
    expect(signedOut.state).toBe('signed-out');
    expect(await vault.get(tokenAccount)).toBeNull();
    expect(await vault.get(keyAccount)).toBeTruthy();
    expect(await readdir(path.join(dataDir, 'caches'))).not.toHaveLength(0);
    await vault.delete(keyAccount);
  });

  it('a 401 in the background ends the session with a notice', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-data-'));
    const service = await newService();
    await signInAdmin(service);
    await control('/control/sessions/expire', {});
    const expired = nextEvent(service, 'session:changed', (snapshot) => snapshot.state === 'expired');
    await service.handlers['sync:now'](undefined);
    expect((await expired).notice).toMatch(/Sign in again/);
  });
});
