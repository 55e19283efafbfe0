import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { createConsoleService, type ConsoleService } from '#core/console-service.ts';
import { openCache } from '#core/cache/cache-client.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { FleetQuerySchema, type EventName, type EventPayload, type SyncStatus } from '#shared/ipc/contract.ts';
import { isConsoleError } from '#shared/errors.ts';

// Idle lock and offline unlock end to end: the console service against the simulator over real
// HTTPS, the real Secret Service and real SQLCipher files. Only the idle time is shortened.
const IDLE_MS = 2_000;
const allSites = FleetQuerySchema.parse(undefined);
let sim: RunningSimulator;
let simDir: string;
let dataDir: string;
let keychainService: string;
const services: ConsoleService[] = [];

async function newService(): Promise<ConsoleService> {
  const service = await createConsoleService({ dataDir, shell: 'web', appVersion: 'test', platform: process.platform, keychainService, syncIntervalSeconds: 3600, idleLockMsOverride: IDLE_MS });
  services.push(service);
  return service;
}

function nextEvent<E extends EventName>(service: ConsoleService, event: E, match: (payload: EventPayload<E>) => boolean = () => true): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const off = service.onEvent((name, payload) => {
      if ((name as EventName) === event && match(payload as unknown as EventPayload<E>)) {
        off();
        resolve(payload as unknown as EventPayload<E>);
      }
    });
  });
}

const password = (username: string) => sim.users.find((candidate) => candidate.username === username)!.password;

async function control(pathname: string, body?: unknown, method = 'POST') {
  const response = await fetch(`${sim.controlUrl}${pathname}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  if (!response.ok) throw new Error(`control ${pathname}: ${response.status}`);
}

async function signInAdmin(service: ConsoleService) {
  const synced = nextEvent(service, 'sync:changed', (status: SyncStatus) => status.phase !== 'syncing');
  const snapshot = await service.handlers['session:signIn']({ serverUrl: sim.url, caFilePath: sim.caFile, username: 'admin', password: password('admin') });
  await synced;
  return snapshot;
}

beforeAll(async () => {
  simDir = await mkdtemp(path.join(os.tmpdir(), 'cc-unlock-sim-'));
  sim = await startSimulator({ seed: 11, sites: 25, dataDir: simDir, port: 0, controlPort: 0 });
  await control('/control/config', { authRateLimitPerMinute: 1000 });
});

afterEach(async () => {
  while (services.length) await services.pop()!.dispose();
  await control('/control/faults', undefined, 'DELETE');
  await rm(dataDir, { recursive: true, force: true });
});

afterAll(async () => {
  await sim?.close();
  await rm(simDir, { recursive: true, force: true });
});

describe('idle lock and offline unlock', () => {
  it('warns, then locks after the idle time: nothing is served, and sync stops', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-unlock-'));
    keychainService = `central-console-test-unlock-${process.pid}-${Date.now()}-a`;
    const service = await newService();
    await signInAdmin(service);
    const warned = nextEvent(service, 'session:idleWarning', (warning) => warning.locksAt !== null);
    const locked = nextEvent(service, 'session:changed', (snapshot) => snapshot.state === 'locked');
    expect(Date.parse((await warned).locksAt!)).toBeGreaterThan(Date.now());
    expect((await locked).notice).toMatch(/locked itself after 2 seconds without activity/);

    expect((await service.handlers['fleet:overview'](allSites)).sites).toEqual([]);
    expect((await service.handlers['attention:list'](undefined)).items).toEqual([]);
    await expect(service.handlers['site:open']({ siteId: 'anything' })).rejects.toThrow();
    expect((await service.handlers['sync:status'](undefined)).phase).not.toBe('syncing');
  });

  it('activity postpones the lock', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-unlock-'));
    keychainService = `central-console-test-unlock-${process.pid}-${Date.now()}-b`;
    const service = await newService();
    await signInAdmin(service);
    const until = Date.now() + 2 * IDLE_MS;
    while (Date.now() < until) {
      await service.handlers['session:activity'](undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await service.handlers['session:get'](undefined)).state).toBe('signed-in');
  });

  it('unlocks offline with the password, refuses a wrong one, and shows the cache again', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-unlock-'));
    keychainService = `central-console-test-unlock-${process.pid}-${Date.now()}-c`;
    const service = await newService();
    await signInAdmin(service);
    await service.handlers['session:lock'](undefined);
    await control('/control/faults', { path: '/api/*', count: 100, kind: 'drop' });

    const refused = await service.handlers['session:unlock']({ password: 'Harbor!Lantern46' }).catch((error: unknown) => error);
    expect(isConsoleError(refused, 'invalid-credentials')).toBe(true);
    expect((await service.handlers['session:get'](undefined)).state).toBe('locked');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the delay after one wrong password

    const unlocked = await service.handlers['session:unlock']({ password: password('admin') });
    expect(unlocked).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    expect((await service.handlers['fleet:overview'](allSites)).sites).toHaveLength(sim.siteCount);
  });

  it('unlocks online by signing in again, with the authentication code', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-unlock-'));
    keychainService = `central-console-test-unlock-${process.pid}-${Date.now()}-d`;
    const service = await newService();
    await service.handlers['session:signIn']({ serverUrl: sim.url, caFilePath: sim.caFile, username: 'alice', password: password('alice') });
    await service.handlers['session:verifyTotp']({ code: sim.totp('alice') });
    await service.handlers['session:lock'](undefined);
    const step = await service.handlers['session:unlock']({ password: password('alice') });
    expect(step.state).toBe('mfa-required');
    const unlocked = await service.handlers['session:verifyTotp']({ code: sim.totp('alice') });
    expect(unlocked).toMatchObject({ state: 'signed-in', connectivity: 'online', user: { username: 'alice' } });
  });

  it('a copy of the keychain entries alone does not open the cache', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-unlock-'));
    keychainService = `central-console-test-unlock-${process.pid}-${Date.now()}-e`;
    const service = await newService();
    const snapshot = await signInAdmin(service);
    await service.dispose();
    services.length = 0;

    const vault = createKeychainVault(keychainService);
    const account = (kind: 'session-token' | 'cache-key' | 'cache-key-share') => vaultAccount(snapshot.server!.origin, snapshot.user!.id, kind);
    expect(await vault.get(account('cache-key'))).toBeNull();
    const share = await vault.get(account('cache-key-share'));
    const token = await vault.get(account('session-token'));
    const caches = path.join(dataDir, 'caches');
    const file = path.join(caches, (await readdir(caches)).find((name) => name.endsWith('.sqlite'))!);
    for (const candidate of [share!, token!]) {
      const keyHex = /^[0-9a-f]{64}$/.test(candidate) ? candidate : Buffer.from(candidate).subarray(0, 32).toString('hex').padEnd(64, '0');
      const opened = await openCache({ file, keyHex }).catch((error: unknown) => error);
      expect(isConsoleError(opened, 'cache-wrong-key'), `the cache opened with a keychain entry alone`).toBe(true);
    }
    await vault.delete(account('cache-key-share'));
    await vault.delete(account('session-token'));
  });
});
