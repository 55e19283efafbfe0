import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { createConsoleService, type ConsoleService } from '#core/console-service.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { FleetQuerySchema, type SyncStatus } from '#shared/ipc/contract.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';

// Two independent Central Command servers, one console: separate keychain entries and cache files.
let alpha: RunningSimulator;
let beta: RunningSimulator;
const dirs: string[] = [];
let service: ConsoleService;
const keychainService = `central-console-test-profiles-${process.pid}-${Date.now()}`;

async function tempDir(prefix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function nextSync(): Promise<SyncStatus> {
  return new Promise((resolve) => {
    const off = service.onEvent((event, payload) => {
      if (event === 'sync:changed' && (payload as SyncStatus).phase !== 'syncing') {
        off();
        resolve(payload as SyncStatus);
      }
    });
  });
}

async function signIn(sim: RunningSimulator, username: string) {
  const synced = nextSync();
  const snapshot = await service.handlers['session:signIn']({ serverUrl: sim.url, caFilePath: sim.caFile, username, password: sim.users.find((u) => u.username === username)!.password });
  await synced;
  return snapshot;
}

const siteCount = async () => (await service.handlers['fleet:overview'](FleetQuerySchema.parse(undefined))).sites.length;

beforeAll(async () => {
  alpha = await startSimulator({ seed: 21, sites: 30, dataDir: await tempDir('cc-prof-a-'), port: 0, controlPort: 0 });
  beta = await startSimulator({ seed: 22, sites: 45, dataDir: await tempDir('cc-prof-b-'), port: 0, controlPort: 0 });
  service = await createConsoleService({ dataDir: await tempDir('cc-prof-data-'), shell: 'web', appVersion: 'test', platform: process.platform, keychainService, syncIntervalSeconds: 3600 });
});

afterAll(async () => {
  await service?.dispose();
  await alpha?.close();
  await beta?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('server profiles', () => {
  it('keeps two servers side by side, switches between them, and removes one with its local data', async () => {
    const first = await signIn(alpha, 'admin');
    expect(await siteCount()).toBe(alpha.siteCount);

    const adding = await service.handlers['profiles:add'](undefined);
    expect(adding).toMatchObject({ state: 'signed-out', server: null });
    expect(await siteCount()).toBe(0);
    const second = await signIn(beta, 'admin');
    expect(await siteCount()).toBe(beta.siteCount);
    expect(second.server!.origin).not.toBe(first.server!.origin);

    const { profiles } = await service.handlers['profiles:list'](undefined);
    expect(profiles.map((profile) => [profile.origin, profile.active, profile.hasSession])).toEqual(
      expect.arrayContaining([
        [first.server!.origin, false, true],
        [second.server!.origin, true, true],
      ]),
    );
    const dataDir = dirs[2]!;
    expect((await readdir(path.join(dataDir, 'caches'))).filter((name) => name.endsWith('.sqlite'))).toHaveLength(2);

    // Back to the first server: its stored session waits behind its password, then its own cache answers.
    const alphaProfile = profiles.find((profile) => profile.origin === first.server!.origin)!;
    const switched = await service.handlers['profiles:switch']({ profileId: alphaProfile.id });
    expect(switched).toMatchObject({ state: 'locked', server: { origin: first.server!.origin }, user: { username: 'admin' } });
    expect(await siteCount()).toBe(0);
    const synced = nextSync();
    const unlocked = await service.handlers['session:unlock']({ password: alpha.users.find((u) => u.username === 'admin')!.password });
    expect(unlocked).toMatchObject({ state: 'signed-in', server: { origin: first.server!.origin } });
    expect(await siteCount()).toBe(alpha.siteCount);
    await synced;

    // Remove the second profile: its session, key and cache files go; the first one is untouched.
    const betaProfile = profiles.find((profile) => profile.origin === second.server!.origin)!;
    const remaining = await service.handlers['profiles:remove']({ profileId: betaProfile.id, confirm: true });
    expect(remaining.profiles.map((profile) => profile.id)).toEqual([alphaProfile.id]);
    const vault = createKeychainVault(keychainService);
    expect(await vault.get(vaultAccount(second.server!.origin, second.user!.id, 'session-token'))).toBeNull();
    expect(await vault.get(vaultAccount(second.server!.origin, second.user!.id, 'cache-key-share'))).toBeNull();
    expect((await readdir(path.join(dataDir, 'caches'))).filter((name) => name.startsWith(betaProfile.id))).toEqual([]);
    expect(await siteCount()).toBe(alpha.siteCount);
    await vault.delete(vaultAccount(first.server!.origin, first.user!.id, 'session-token'));
    await vault.delete(vaultAccount(first.server!.origin, first.user!.id, 'cache-key-share'));
  });

  it('refuses a removal without confirmation', async () => {
    const { profiles } = await service.handlers['profiles:list'](undefined);
    const result = await createDispatcher(service.handlers)('profiles:remove', { profileId: profiles[0]!.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
