import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { openCache } from '#core/cache/cache-client.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { isConsoleError } from '#shared/errors.ts';
import { nextEvent, signIn, useConsoles, useSimulator } from './test-support/harness.ts';

// Idle lock and offline unlock end to end: the console service against the simulator over real
// HTTPS, the real Secret Service and real SQLCipher files. Only the idle time is shortened.
const IDLE_MS = 2_000;
const allSites = FleetQuerySchema.parse(undefined);
const simulator = useSimulator({ seed: 11, sites: 25 });
const consoles = useConsoles({ idleLockMsOverride: IDLE_MS });
const password = (username: string) => passwordOf(simulator.sim, username);
const signInAdmin = async (service: ConsoleService) => (await signIn(service, simulator.sim, 'admin')).snapshot;

describe('idle lock and offline unlock', () => {
  it('warns, then locks after the idle time: nothing is served, and sync stops', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    const warned = nextEvent(service, 'session:idleWarning', (warning) => warning.locksAt !== null);
    const locked = nextEvent(service, 'session:changed', (snapshot) => snapshot.state === 'locked');
    expect(Date.parse((await warned).locksAt!)).toBeGreaterThan(Date.now());
    expect((await locked).notice).toMatch(/locked itself after 2 seconds without activity/);

    // Locked, the data channels are refused outright (shared/session/channel-access.ts).
    await expect(service.handlers['fleet:overview'](allSites)).rejects.toMatchObject({ code: 'locked' });
    await expect(service.handlers['attention:list'](undefined)).rejects.toMatchObject({ code: 'locked' });
    await expect(service.handlers['site:open']({ siteId: 'anything' })).rejects.toMatchObject({ code: 'locked' });
    await expect(service.handlers['sync:status'](undefined)).rejects.toMatchObject({ code: 'locked' });
  });

  it('activity postpones the lock', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    const until = Date.now() + 2 * IDLE_MS;
    while (Date.now() < until) {
      await service.handlers['session:activity'](undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await service.handlers['session:get'](undefined)).state).toBe('signed-in');
  });

  it('unlocks offline with the password, refuses a wrong one, and shows the cache again', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    await service.handlers['session:lock'](undefined);
    await simulator.control('/control/faults', { path: '/api/*', count: 100, kind: 'drop' });

    const refused = await service.handlers['session:unlock']({ password: 'Harbor!Lantern46' }).catch((error: unknown) => error);
    expect(isConsoleError(refused, 'invalid-credentials')).toBe(true);
    expect((await service.handlers['session:get'](undefined)).state).toBe('locked');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the delay after one wrong password

    const unlocked = await service.handlers['session:unlock']({ password: password('admin') });
    expect(unlocked).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    expect((await service.handlers['fleet:overview'](allSites)).sites).toHaveLength(simulator.sim.siteCount);
  });

  it('unlocks online by signing in again, with the authentication code', async () => {
    const service = await consoles.launch();
    await service.handlers['session:signIn']({ serverUrl: simulator.sim.url, caFilePath: simulator.sim.caFile, username: 'alice', password: password('alice') });
    await service.handlers['session:verifyTotp']({ code: simulator.sim.totp('alice') });
    await service.handlers['session:lock'](undefined);
    const step = await service.handlers['session:unlock']({ password: password('alice') });
    expect(step.state).toBe('mfa-required');
    const unlocked = await service.handlers['session:verifyTotp']({ code: simulator.sim.totp('alice') });
    expect(unlocked).toMatchObject({ state: 'signed-in', connectivity: 'online', user: { username: 'alice' } });
  });

  it('a copy of the keychain entries alone does not open the cache', async () => {
    const service = await consoles.launch();
    const snapshot = await signInAdmin(service);
    await service.dispose();

    const vault = createKeychainVault(consoles.keychainService);
    const account = (kind: 'session-token' | 'cache-key' | 'cache-key-share') => vaultAccount(snapshot.server!.origin, snapshot.user!.id, kind);
    expect(await vault.get(account('cache-key'))).toBeNull();
    const share = await vault.get(account('cache-key-share'));
    const token = await vault.get(account('session-token'));
    const caches = path.join(consoles.dataDir, 'caches');
    const file = path.join(caches, (await readdir(caches)).find((name) => name.endsWith('.sqlite'))!);
    for (const candidate of [share!, token!]) {
      // The share is stored marked as bound ("2:" + 64 hex digits); try its bare value as a key.
      const bare = candidate.replace(/^2:/, '');
      const keyHex = /^[0-9a-f]{64}$/.test(bare) ? bare : Buffer.from(candidate).subarray(0, 32).toString('hex').padEnd(64, '0');
      const opened = await openCache({ file, keyHex }).catch((error: unknown) => error);
      expect(isConsoleError(opened, 'cache-wrong-key'), `the cache opened with a keychain entry alone`).toBe(true);
    }
    await vault.delete(account('cache-key-share'));
    await vault.delete(account('session-token'));
  });
});
