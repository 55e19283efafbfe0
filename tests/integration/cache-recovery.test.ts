import { createHash } from 'node:crypto';
import { mkdtemp, open as openFile, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { createConsoleService, type ConsoleService } from '#core/console-service.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { createCacheKeyCustody } from '#core/lock/cache-key-custody.ts';
import { openRawConnection } from '#core/cache/cache-test-support.ts';
import { FleetQuerySchema, type SessionSnapshot, type SyncStatus } from '#shared/ipc/contract.ts';

// What a technician meets when the local cache cannot be used (design brief §4b "Recovery"),
// end to end through the console service, the real keychain and real SQLCipher files.
let sim: RunningSimulator;
let simDir: string;
let dataDir: string;
let keychainService: string;
const services: ConsoleService[] = [];

async function newService(): Promise<ConsoleService> {
  const service = await createConsoleService({ dataDir, shell: 'web', appVersion: 'test', platform: process.platform, keychainService, syncIntervalSeconds: 3600 });
  services.push(service);
  return service;
}

function waitFor<T>(service: ConsoleService, event: 'sync:changed' | 'session:changed', match: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const off = service.onEvent((name, payload) => {
      if (name === event && match(payload as T)) {
        off();
        resolve(payload as T);
      }
    });
  });
}

const adminPassword = () => sim.users.find((u) => u.username === 'admin')!.password;

async function signedInOnce(): Promise<{ file: string; keyHex: string }> {
  const service = await newService();
  const synced = waitFor<SyncStatus>(service, 'sync:changed', (status) => status.phase !== 'syncing');
  const snapshot = await service.handlers['session:signIn']({ serverUrl: sim.url, caFilePath: sim.caFile, username: 'admin', password: adminPassword() });
  await synced;
  await service.dispose();
  services.length = 0;
  const caches = path.join(dataDir, 'caches');
  const file = path.join(caches, (await readdir(caches)).find((name) => name.endsWith('.sqlite'))!);
  // The key, as the console itself rebuilds it: the keychain's share plus the password's.
  const owner = { origin: snapshot.server!.origin, userId: snapshot.user!.id, username: 'admin' };
  const keyHex = await createCacheKeyCustody({ vault: createKeychainVault(keychainService) }).unseal(owner, file, adminPassword(), 7);
  return { file, keyHex };
}

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

beforeAll(async () => {
  simDir = await mkdtemp(path.join(os.tmpdir(), 'cc-recovery-sim-'));
  sim = await startSimulator({ seed: 3, sites: 40, dataDir: simDir, port: 0, controlPort: 0 });
  await fetch(`${sim.controlUrl}/control/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authRateLimitPerMinute: 1000 }) });
});

afterEach(async () => {
  while (services.length) await services.pop()!.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

afterAll(async () => {
  await sim?.close();
  await rm(simDir, { recursive: true, force: true });
});

describe('local cache recovery', () => {
  it('a cache written by a newer console: "update the console", signed out, nothing deleted', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-recovery-'));
    keychainService = `central-console-test-recovery-${process.pid}-${Date.now()}`;
    const { file, keyHex } = await signedInOnce();
    const raw = openRawConnection(file, keyHex);
    raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (999, ?)').run(new Date().toISOString());
    raw.close();
    const before = await sha256(file);

    const relaunched = await newService();
    await relaunched.start();
    await expect(relaunched.handlers['session:unlock']({ password: adminPassword() })).rejects.toMatchObject({ code: 'cache-newer-version' });
    const snapshot = await relaunched.handlers['session:get'](undefined);
    expect(snapshot.state).toBe('signed-out');
    expect(snapshot.notice).toMatch(/newer Central Console/);
    expect(await sha256(file)).toBe(before);
    expect((await readdir(path.dirname(file))).filter((name) => name.includes('.bad-'))).toEqual([]);
  });

  it('a damaged cache is moved aside, the technician is told, and the fleet is synced afresh', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-recovery-'));
    keychainService = `central-console-test-recovery-${process.pid}-${Date.now()}-b`;
    const { file } = await signedInOnce();
    const handle = await openFile(file, 'r+');
    await handle.write(Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
    await handle.close();

    const relaunched = await newService();
    const told = waitFor<SessionSnapshot>(relaunched, 'session:changed', (snapshot) => /moved aside/.test(snapshot.notice ?? ''));
    const synced = waitFor<SyncStatus>(relaunched, 'sync:changed', (status) => status.phase === 'idle' && status.lastSyncedAt !== null);
    await relaunched.start();
    await relaunched.handlers['session:unlock']({ password: adminPassword() });
    expect((await told).notice).toMatch(/damaged/);
    await synced;
    expect((await relaunched.handlers['session:get'](undefined)).notice).toMatch(/moved aside/);
    expect((await relaunched.handlers['fleet:overview'](FleetQuerySchema.parse(undefined))).sites).toHaveLength(sim.siteCount);
    expect((await readdir(path.dirname(file))).some((name) => name.includes('.bad-'))).toBe(true);
  });
});
