import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { offlineUnlockPaths } from '#core/lock/cache-key-custody.ts';
import { bindCredential } from '#core/lock/credential-binding.ts';
import { createOfflineCredential } from '#core/lock/offline-verifier.ts';
import { generateCacheKeyHex } from '#core/vault/accounts.ts';
import { keyCheckPath } from '#core/cache/key-check.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { CHANNEL_NAMES, type ChannelInput, type ChannelName, type EventName, type SessionSnapshot } from '#shared/ipc/contract.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { CHANNEL_ACCESS } from '#shared/session/channel-access.ts';
import type { SessionState } from '#shared/session/machine.ts';
import { nextEvent, signIn, useConsoles, useSimulator } from './test-support/harness.ts';

// The lock against someone at the computer who can write the console's data folder (and, on Linux,
// read its keychain) but does not know the password: the real keychain, real SQLCipher files, the
// simulator over real HTTPS, the whole console service as both shells host it.
const simulator = useSimulator({ seed: 21, sites: 20 });
// useConsoles' cheaper offline verifier (TEST_SCRYPT): what these tests prove is which files and keys open the
// cache, not the KDF's cost (offline-unlock.test.ts signs in with the shipped parameters).
const consoles = useConsoles();
const adminPassword = () => passwordOf(simulator.sim, 'admin');
const offline = () => simulator.control('/control/faults', { path: '/api/*', count: 1000, kind: 'drop' });
const online = () => simulator.control('/control/faults', undefined, 'DELETE');

interface Locked {
  service: ConsoleService;
  snapshot: SessionSnapshot;
  cacheFile: string;
  owner: { origin: string; userId: string; username: string };
}

/** Signed in once (cache synced, credential sealed), then relaunched: the stored session waits at the lock screen. */
async function lockedConsole(): Promise<Locked> {
  const first = await consoles.launch();
  const { snapshot } = await signIn(first, simulator.sim, 'admin');
  await first.dispose();
  const caches = path.join(consoles.dataDir, 'caches');
  const cacheFile = path.join(caches, (await readdir(caches)).find((name) => name.endsWith('.sqlite'))!);
  const service = await consoles.launch();
  await service.start();
  expect((await service.handlers['session:get'](undefined)).state).toBe('locked');
  return { service, snapshot, cacheFile, owner: { origin: snapshot.server!.origin, userId: snapshot.user!.id, username: 'admin' } };
}

/** Every file in the data folder with its content hash, except the throttle state a refusal is allowed to write. */
async function dataFolderState(): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (!entry.name.endsWith('.unlock-throttle.json')) state[path.relative(consoles.dataDir, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
    }
  };
  await walk(consoles.dataDir);
  return state;
}

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the unlock to be refused');
    },
    (error: unknown) => error as { code: string; message: string; details?: Record<string, unknown> },
  );
}

describe('the lock holds: offline, only the existing cache opens, and only with its key', () => {
  it('a credential forged for another password, with the keychain share read, never unlocks — nothing is moved, created or sent', async () => {
    const { service, cacheFile, owner } = await lockedConsole();
    // The forger reads this user's keychain (possible for any same-user process on Linux) and seals
    // a share for a password of their own; the keychain entry itself is left as it was.
    const vault = createKeychainVault(consoles.keychainService);
    const shareAccount = vaultAccount(owner.origin, owner.userId, 'cache-key-share');
    const realShare = await vault.get(shareAccount);
    const forged = await createOfflineCredential('Forged!Password1', generateCacheKeyHex());
    await writeFile(offlineUnlockPaths(cacheFile).credential, JSON.stringify(bindCredential(forged, owner, realShare!.replace(/^2:/, ''))));
    const before = await dataFolderState();
    const events: EventName[] = [];
    service.onEvent((name) => events.push(name));

    await offline();
    const refused = await refusal(service.handlers['session:unlock']({ password: 'Forged!Password1' }));
    expect(refused).toMatchObject({ code: 'offline-unlock-refused', details: { retryAfterSeconds: 1 } });
    expect(refused.message).toMatch(/does not open the local data on this computer.*Nothing on this computer was changed/);
    expect(await dataFolderState()).toEqual(before);
    expect((await readdir(path.dirname(cacheFile))).filter((name) => name.includes('.bad-'))).toEqual([]);
    expect((await service.handlers['session:get'](undefined)).state).toBe('locked');
    // The next guess waits: the refusal counted as a failure.
    expect(await refusal(service.handlers['session:unlock']({ password: 'Forged!Password1' }))).toMatchObject({ code: 'rate-limited' });

    // The network back: the console stays locked and no session goes on with the stored token.
    await online();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await service.handlers['session:get'](undefined)).state).toBe('locked');
    expect(events.filter((name) => name !== 'session:changed')).toEqual([]);
    expect(await vault.get(shareAccount)).toBe(realShare);
  });

  it('a credential swapped in without the keychain is refused before any password is tried', async () => {
    const { service, cacheFile } = await lockedConsole();
    const stored = JSON.parse(await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8'));
    // Only the offline window stretched: the binding no longer matches.
    await writeFile(offlineUnlockPaths(cacheFile).credential, JSON.stringify({ ...stored, createdAt: new Date().toISOString() }));
    const before = await dataFolderState();
    await offline();
    const refused = await refusal(service.handlers['session:unlock']({ password: adminPassword() }));
    expect(refused).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('was changed') });
    expect(await dataFolderState()).toEqual(before);
  });

  it('offline, a deleted key check or a deleted cache is a throttled refusal; online, the password rebuilds it', async () => {
    const { service, cacheFile } = await lockedConsole();
    await rm(keyCheckPath(cacheFile));
    const before = await dataFolderState();
    await offline();
    const noKeyCheck = await refusal(service.handlers['session:unlock']({ password: adminPassword() }));
    expect(noKeyCheck).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('does not match the local cache'), details: { retryAfterSeconds: 1 } });
    expect(await dataFolderState()).toEqual(before);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (const suffix of ['', '-wal', '-shm']) await rm(`${cacheFile}${suffix}`, { force: true });
    const withoutCache = await dataFolderState();
    const noCache = await refusal(service.handlers['session:unlock']({ password: adminPassword() }));
    expect(noCache).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('the local cache is missing') });
    expect(await dataFolderState()).toEqual(withoutCache);

    // Central Command accepts the password: now, and only now, a fresh cache is made and synced.
    await online();
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const synced = nextEvent(service, 'sync:changed', (status) => status.phase === 'idle' && status.lastSyncedAt !== null);
    expect(await service.handlers['session:unlock']({ password: adminPassword() })).toMatchObject({ state: 'signed-in', connectivity: 'online' });
    await synced;
    expect((await service.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 }))).rows).toHaveLength(simulator.sim.siteCount);
  });

  it('removing a profile ends its session on the server before deleting it', async () => {
    const service = await consoles.launch();
    const { snapshot } = await signIn(service, simulator.sim, 'admin');
    const token = await createKeychainVault(consoles.keychainService).get(vaultAccount(snapshot.server!.origin, snapshot.user!.id, 'session-token'));
    expect(await statusOfMe(token!)).toBe(200);
    const { profiles } = await service.handlers['profiles:list'](undefined);
    await service.handlers['profiles:remove']({ profileId: profiles[0]!.id, confirm: true });
    expect(await statusOfMe(token!)).toBe(401);
  });
});

/** What Central Command says to a token now, asked directly (not through the console). */
async function statusOfMe(token: string): Promise<number> {
  const dispatcher = new Agent({ connect: { ca: await readFile(simulator.sim.caFile, 'utf8') } });
  try {
    const response = await undiciFetch(`${simulator.sim.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` }, dispatcher });
    await response.body?.cancel();
    return response.status;
  } finally {
    await dispatcher.close();
  }
}

// A valid input for every channel: the walk below calls each one in each state.
const SAMPLE_INPUTS: { [C in ChannelName]: ChannelInput<C> } = {
  'app:info': undefined,
  'session:get': undefined,
  'session:signIn': { serverUrl: 'https://127.0.0.1:9', caFilePath: null, username: 'nobody', password: 'nothing' },
  'session:verifyTotp': { code: '000000' },
  'session:cancelMfa': undefined,
  'session:signOut': undefined,
  'session:activity': undefined,
  'session:lock': undefined,
  'session:unlock': { password: 'not the password' },
  'settings:get': undefined,
  'settings:set': { idleLockMinutes: 30 },
  'fleet:overview': {},
  'fleet:orgs': undefined,
  'sync:status': undefined,
  'sync:now': undefined,
  'dialog:chooseCaFile': undefined,
  'profiles:list': undefined,
  'profiles:switch': { profileId: 'no-such-profile' },
  'profiles:add': undefined,
  'profiles:remove': { profileId: 'no-such-profile', confirm: true },
  'site:open': { siteId: 'no-such-site' },
  'site:close': { siteId: 'no-such-site' },
  'site:refresh': { siteId: 'no-such-site' },
  'attention:list': undefined,
  'ca:pinned': undefined,
  'ca:replace': { caFilePath: '/nonexistent/ca.pem' },
  'update:get': undefined,
  'update:check': undefined,
  'update:restart': undefined,
  'incidents:query': {}, 'incidents:facets': { search: 'severity:critical' }, 'incidents:open': { incidentId: 'no-such-incident' }, 'incidents:settings': undefined,
  'incidents:setSettings': { retentionDays: 365, detailDays: 7 },
  'incidents:histogram': { days: 30 }, 'incidents:views': undefined, 'incidents:saveView': { name: 'Open criticals', search: 'is:open severity:critical', sortBy: 'createdAt', sortDir: 'desc', groupBy: null },
  'incidents:deleteView': { id: 'no-such-view' },
};

// Channels that change the state are called last, so one pass sees the whole contract in one state.
const STATE_CHANGING: ChannelName[] = ['update:restart', 'ca:replace', 'session:signIn', 'session:verifyTotp', 'session:cancelMfa', 'session:unlock', 'session:lock', 'profiles:switch', 'profiles:add', 'profiles:remove', 'session:signOut'];

describe('while locked or signed out, only what the screen needs works', () => {
  const walkConsoles = useConsoles();
  /** Calls every channel in the state `enter` leaves the console in; the gate's refusals name the channel. */
  async function walk(state: SessionState, enter: () => Promise<ConsoleService>): Promise<Record<string, string>> {
    const outcomes: Record<string, string> = {};
    const call = async (service: ConsoleService, channel: ChannelName) => {
      expect((await service.handlers['session:get'](undefined)).state, `before ${channel}`).toBe(state);
      outcomes[channel] = await (service.handlers[channel] as (input: unknown) => Promise<unknown>)(SAMPLE_INPUTS[channel]).then(
        () => 'served',
        (error: { code: string; details?: Record<string, unknown> }) => (error.details?.refusedChannel === channel ? 'refused' : `handler said ${error.code}`),
      );
    };
    const shared = await enter();
    for (const channel of CHANNEL_NAMES.filter((name) => !STATE_CHANGING.includes(name))) await call(shared, channel);
    await shared.dispose();
    for (const channel of STATE_CHANGING) {
      const service = await enter();
      await call(service, channel);
      await service.dispose();
    }
    for (const channel of CHANNEL_NAMES) expect(outcomes[channel] !== 'refused', `${channel} in ${state}: ${outcomes[channel]}`).toBe(CHANNEL_ACCESS[channel][state]);
    return outcomes;
  }

  /** A relaunched console at its lock screen (signing in first when a walk ended the stored session). */
  const atLockScreen = async (): Promise<ConsoleService> => {
    const service = await walkConsoles.launch();
    await service.start();
    if ((await service.handlers['session:get'](undefined)).state === 'locked') return service;
    await service.handlers['session:signOut'](undefined);
    await signIn(service, simulator.sim, 'admin');
    await service.dispose();
    return atLockScreen();
  };
  const signedIn = async () => {
    const service = await atLockScreen();
    await service.handlers['session:unlock']({ password: adminPassword() });
    return service;
  };

  /** Central Command ends the signed-in session; the next request meets its 401. */
  const expiredSession = async () => {
    const service = await signedIn();
    await simulator.control('/control/sessions/expire');
    // The first sync after the unlock may still be running: ask again until a request meets the 401.
    await expect
      .poll(
        async () => {
          await service.handlers['sync:now'](undefined).catch(() => undefined);
          return (await service.handlers['session:get'](undefined)).state;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('expired');
    return service;
  };

  const entries: Record<SessionState, () => Promise<ConsoleService>> = {
    locked: atLockScreen,
    'signed-in': signedIn,
    expired: expiredSession,
    // The session ended, the console relaunched, Central Command out of reach: the password opens the cache read-only.
    reviewing: async () => {
      await online();
      await (await expiredSession()).dispose();
      const service = await walkConsoles.launch();
      await service.start();
      await offline();
      expect(await service.handlers['session:unlock']({ password: adminPassword() })).toMatchObject({ state: 'reviewing' });
      return service;
    },
    'mfa-required': async () => {
      const service = await atLockScreen();
      await service.handlers['session:signOut'](undefined);
      await service.handlers['session:signIn']({ serverUrl: simulator.sim.url, caFilePath: simulator.sim.caFile, username: 'alice', password: passwordOf(simulator.sim, 'alice') });
      return service;
    },
    'signed-out': async () => {
      const service = await atLockScreen();
      await service.handlers['session:signOut'](undefined);
      return service;
    },
  };
  for (const [state, enter] of Object.entries(entries) as Array<[SessionState, () => Promise<ConsoleService>]>) {
    it(`walks the whole contract while ${state}: the table decides, in the real service`, { timeout: 120_000 }, async () => {
      await walk(state, enter);
    });
  }

  it('reviewing, every refusal says what signing in to Central Command would allow', async () => {
    const service = await entries.reviewing();
    for (const channel of CHANNEL_NAMES.filter((name) => !CHANNEL_ACCESS[name].reviewing)) {
      const refused = await (service.handlers[channel] as (input: unknown) => Promise<unknown>)(SAMPLE_INPUTS[channel]).then(
        () => null,
        (error: { message: string }) => error.message,
      );
      expect(refused, channel).toMatch(/^Sign in to Central Command to /);
    }
  });

  it('behind the lock, exactly naming the account and server, unlocking and signing out work', () => {
    expect(CHANNEL_NAMES.filter((channel) => CHANNEL_ACCESS[channel].locked)).toEqual(['app:info', 'session:get', 'session:signOut', 'session:unlock']);
  });

  it('pushed events carry no data once the console locks', async () => {
    const service = await walkConsoles.launch();
    await signIn(service, simulator.sim, 'admin');
    await simulator.control('/control/faults', { path: '/api/sites', count: 1, kind: 'latency', delayMs: 400 });
    const afterLock: EventName[] = [];
    let locked = false;
    service.onEvent((name, payload) => {
      if (name === 'session:changed' && (payload as SessionSnapshot).state === 'locked') locked = true;
      else if (locked) afterLock.push(name);
    });
    void service.handlers['sync:now'](undefined).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await service.handlers['session:lock'](undefined);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(locked).toBe(true);
    expect(afterLock).toEqual([]);
  });
});
