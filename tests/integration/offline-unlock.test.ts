import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { openCache } from '#core/cache/cache-client.ts';
import { DEFAULT_SCRYPT_PARAMS } from '#core/lock/offline-keys.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import type { SessionSnapshot } from '#shared/ipc/contract.ts';
import { isConsoleError, type ConsoleError } from '#shared/errors.ts';
import { signIn, useConsoles, useSimulator } from './test-support/harness.ts';

// Idle lock and offline unlock end to end: the console service against the simulator over real
// HTTPS, the real Secret Service and real SQLCipher files. Only the idle time is shortened.
const IDLE_MS = 2_000;
const allSites = FleetQuerySchema.parse({ limit: 500 });
const simulator = useSimulator({ seed: 11, sites: 25 });
// The offline credential at the product's scrypt cost: the one suite that unlocks with it end to end.
const consoles = useConsoles({ idleLockMsOverride: IDLE_MS, scryptParams: DEFAULT_SCRYPT_PARAMS });
const password = (username: string) => passwordOf(simulator.sim, username);
const signInAdmin = async (service: ConsoleService) => (await signIn(service, simulator.sim, 'admin')).snapshot;

/** Receipt times of the idle warnings and locks, recorded from before sign-in so none can pass unseen. */
function watchIdle(service: ConsoleService) {
  const warnings: Array<{ at: number; locksAt: string | null }> = [];
  const locks: Array<{ at: number; notice: string | null }> = [];
  service.onEvent((event, payload) => {
    if (event === 'session:idleWarning') warnings.push({ at: Date.now(), locksAt: (payload as { locksAt: string | null }).locksAt });
    if (event === 'session:changed' && (payload as SessionSnapshot).state === 'locked') locks.push({ at: Date.now(), notice: (payload as SessionSnapshot).notice });
  });
  return { warnings, locks };
}

/**
 * Reports activity every 200 ms, as a technician at the keyboard would, until stopped: however long
 * sign-in and the first sync take on a busy machine, the idle window starts when the test says.
 */
function keepActive(service: ConsoleService) {
  // Until signed in, the channel table refuses activity (nothing counts idle time then): that refusal is expected.
  const report = () =>
    void service.handlers['session:activity'](undefined).catch((error: { details?: { refusedChannel?: string } }) => {
      if (error.details?.refusedChannel !== 'session:activity') throw error;
    });
  report();
  const timer = setInterval(report, 200);
  return {
    /** Reports once more and stops; returns that moment (epoch ms), where the idle window starts. */
    stop() {
      clearInterval(timer);
      report();
      return Date.now();
    },
  };
}

/** Polls until `check` passes or `ms` have gone by, so a missing event fails with a message instead of hanging. */
async function eventually<T>(what: string, ms: number, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Timers fire no earlier than asked, but the clock they are compared with is read a few ms apart. */
const SLACK_MS = 50;

describe('idle lock and offline unlock', () => {
  it('warns, then locks after the idle time: nothing is served, and sync stops', async () => {
    const service = await consoles.launch();
    const seen = watchIdle(service);
    const active = keepActive(service);
    await signInAdmin(service);
    const idleFrom = active.stop();
    expect(seen.warnings.filter((warning) => warning.locksAt !== null), 'no warning while the technician was active').toEqual([]);
    expect(seen.locks).toEqual([]);

    const warned = await eventually('the idle warning', 4 * IDLE_MS, () => seen.warnings.find((warning) => warning.locksAt !== null));
    const lock = await eventually('the idle lock', 4 * IDLE_MS, () => seen.locks[0]);
    // Warned halfway (idle times under two minutes), ahead of a lock a full idle time after the last
    // activity, and locked no sooner than the warning said. Lower bounds only: a busy machine is late.
    expect(warned.at - idleFrom).toBeGreaterThanOrEqual(IDLE_MS / 2 - SLACK_MS);
    expect(Date.parse(warned.locksAt!)).toBeGreaterThan(warned.at);
    expect(Date.parse(warned.locksAt!) - idleFrom).toBeGreaterThanOrEqual(IDLE_MS - SLACK_MS);
    expect(lock.at).toBeGreaterThanOrEqual(Date.parse(warned.locksAt!) - SLACK_MS);
    expect(lock.notice).toMatch(/locked itself after 2 seconds without activity/);

    // Locked, the data channels are refused outright (shared/session/channel-access.ts).
    await expect(service.handlers['fleet:overview'](allSites)).rejects.toMatchObject({ code: 'locked' });
    await expect(service.handlers['attention:list'](undefined)).rejects.toMatchObject({ code: 'locked' });
    await expect(service.handlers['site:open']({ siteId: 'anything' })).rejects.toMatchObject({ code: 'locked' });
    await expect(service.handlers['sync:status'](undefined)).rejects.toMatchObject({ code: 'locked' });
  });

  it('activity postpones the lock, and the lock comes once it stops', async () => {
    const service = await consoles.launch();
    const seen = watchIdle(service);
    const active = keepActive(service);
    await signInAdmin(service);
    await new Promise((resolve) => setTimeout(resolve, 2 * IDLE_MS));
    expect((await service.handlers['session:get'](undefined)).state).toBe('signed-in');
    const idleFrom = active.stop();
    expect(seen.locks).toEqual([]);

    const lock = await eventually('the idle lock after activity stopped', 4 * IDLE_MS, () => seen.locks[0]);
    expect(lock.at - idleFrom).toBeGreaterThanOrEqual(IDLE_MS - SLACK_MS);
  });

  it('unlocks offline with the password, refuses a wrong one, holds the right one back for the wait it named, and shows the cache again', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    await service.handlers['session:lock'](undefined);
    await simulator.control('/control/faults', { path: '/api/*', count: 100, kind: 'drop' });

    const refused = await service.handlers['session:unlock']({ password: 'Harbor!Lantern46' }).catch((error: unknown) => error);
    const refusedAt = Date.now();
    expect(isConsoleError(refused, 'invalid-credentials')).toBe(true);
    const waitSeconds = (refused as ConsoleError).details?.retryAfterSeconds;
    expect(waitSeconds, 'one wrong password costs a one-second wait').toBe(1);
    expect((await service.handlers['session:get'](undefined)).state).toBe('locked');
    // Even the right password is held back until the wait is over.
    const tooSoon = await service.handlers['session:unlock']({ password: password('admin') }).catch((error: unknown) => error);
    expect(isConsoleError(tooSoon, 'rate-limited'), `refused as rate-limited, got ${JSON.stringify(tooSoon)}`).toBe(true);
    expect((await service.handlers['session:get'](undefined)).state).toBe('locked');

    // Past the wait (with room to spare: it is measured from the refusal), the right password opens the cache.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, refusedAt + Number(waitSeconds) * 1000 + 500 - Date.now())));
    const unlocked = await service.handlers['session:unlock']({ password: password('admin') });
    expect(unlocked).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    expect((await service.handlers['fleet:overview'](allSites)).rows).toHaveLength(simulator.sim.siteCount);
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
