import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient, type ApiClient, type ApiClientOptions } from '../api/client.ts';
import { sendJson } from '../api/test-support/scripted-server.ts';
import { failure, useScriptedApi } from '../api/test-support/api-harness.ts';
import { createProfileStore } from '../profiles/profile-store.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import { createMemoryVault } from '../vault/memory-vault.ts';
import { ConsoleError } from '#shared/errors.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { createCacheKeyCustody, offlineUnlockPaths } from '../lock/cache-key-custody.ts';
import { createSessionController } from './session-controller.ts';

// The controller's ownership of API clients (each holds a connection pool), against a scripted
// HTTPS server. The keychain is an in-memory map here: the real one has its own tests.
const scripted = useScriptedApi();
const SESSION_COOKIE = 'session_token=tok-123; HttpOnly; Secure; SameSite=Strict; Max-Age=86400; Path=/';
const USER = { username: 'tech', displayName: 'Tech', role: 'operator' };

let dataDir: string;
let created: Array<{ client: ApiClient; closed: boolean }>;
let clock: number;
let vault: Vault;
/** The cache key each ready session used, in order. */
let readyKeys: string[];
/**
 * Stands in for the cache files (real SQLCipher has its own tests and is used end to end in
 * tests/integration): the key each profile's cache was written under, by cache file.
 */
let cacheWrittenUnder: Map<string, string>;
/** false: the server's certificate is not trusted (a TLS-intercepting proxy), so no password reaches it. */
let trustServer: boolean;
let ended: number;
/** What the session's work did, in order: 'ready' when its cache opened, 'ended' when it stopped. */
let work: string[];
/** Tests hold the cache opening here to lock in the middle of it. */
let readyGate: Promise<void>;
const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
const DAY_MS = 24 * 60 * 60 * 1000;


/** One console launch: a fresh controller over the same data folder and keychain. */
function controller() {
  const profiles = createProfileStore(dataDir);
  return createSessionController({
    vault,
    profiles,
    custody: createCacheKeyCustody({ vault, now: () => clock, scryptParams: FAST_SCRYPT }),
    maxOfflineDays: async () => 7,
    describeIdleLock: () => 'The console locked itself after 15 minutes without activity.',
    allowInsecureLoopback: false,
    resolveProxy: async () => ({ kind: 'direct' }),
    defaultServer: null,
    onChange: () => undefined,
    openExistingCache: async (profile, keyHex) => {
      const written = cacheWrittenUnder.get(profiles.cacheFileFor(profile));
      if (written === undefined) throw new ConsoleError('cache-missing', 'There is no local cache on this computer to open.');
      if (written !== keyHex) throw new ConsoleError('cache-wrong-key', 'The local cache was locked with a different key.');
      return { keyHex, close: async () => undefined } as unknown as CacheClient;
    },
    onSessionReady: async (session, cache) => {
      work.push('opening');
      await readyGate;
      const keyHex = cache.kind === 'sealed' ? cache.sealed.cacheKeyHex : (cache.cache as unknown as { keyHex: string }).keyHex;
      if (cache.kind === 'sealed') cacheWrittenUnder.set(profiles.cacheFileFor(session.profile), keyHex);
      readyKeys.push(keyHex);
      work.push('ready');
    },
    onReviewReady: async (_profile, cache) => {
      readyKeys.push((cache as unknown as { keyHex: string }).keyHex);
      work.push('review');
    },
    onSessionEnded: async () => {
      ended += 1;
      work.push('ended');
    },
    reachabilityProbeMs: 20,
    createClient: (options: ApiClientOptions) => {
      const client = createApiClient({ ...options, caPem: trustServer ? scripted.caPem : null });
      const entry = { client, closed: false };
      created.push(entry);
      return { ...client, close: async () => ((entry.closed = true), client.close()) };
    },
  });
}

const signInInput = (password: string) => ({ serverUrl: scripted.server.origin, caFilePath: null, username: 'tech', password });

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-session-'));
  created = [];
  clock = Date.parse('2026-11-23T09:00:00Z');
  vault = createMemoryVault();
  readyKeys = [];
  cacheWrittenUnder = new Map();
  trustServer = true;
  ended = 0;
  work = [];
  readyGate = Promise.resolve();
});

/** Central Command as far as sign-in goes: `password` is right, `withCode` adds the second step. */
function scriptCentralCommand({ password = 'right', withCode = false } = {}) {
  scripted.server.script((request, response) => {
    if (request.path === '/api/auth/login') {
      if (!request.body.includes(`"${password}"`)) return sendJson(response, 200, { success: false, error: 'Invalid username or password' });
      if (withCode) return sendJson(response, 200, { success: false, error: 'mfa_required', user: { mfa_token: 'mfa-1' } });
      return sendJson(response, 200, { success: true, user: USER, error: null }, { 'set-cookie': SESSION_COOKIE });
    }
    if (request.path === '/api/auth/me') return sendJson(response, 200, { id: 'u-1', ...USER });
    return sendJson(response, 200, { success: true });
  });
}

/** Central Command out of reach: every connection is cut before an answer. */
function scriptUnreachable() {
  scripted.server.script((_request, _response, raw) => void raw.socket.destroy());
}

afterEach(async () => {
  await Promise.all(created.filter((entry) => !entry.closed).map((entry) => entry.client.close()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('session controller: API clients (in-memory vault)', () => {
  it('closes the client of a refused sign-in', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: false, error: 'Invalid username or password' }));
    const session = controller();
    expect((await failure(session.signIn(signInInput('wrong')))).code).toBe('invalid-credentials');
    expect(created.map((entry) => entry.closed)).toEqual([true]);
  });

  it('keeps the client while signed in and closes it at sign-out', async () => {
    scripted.server.script((request, response) => {
      if (request.path === '/api/auth/login') return sendJson(response, 200, { success: true, user: USER, error: null }, { 'set-cookie': SESSION_COOKIE });
      if (request.path === '/api/auth/me') return sendJson(response, 200, { id: 'u-1', ...USER });
      return sendJson(response, 200, { success: true });
    });
    const session = controller();
    expect((await session.signIn(signInInput('right'))).state).toBe('signed-in');
    expect(created.map((entry) => entry.closed)).toEqual([false]);
    expect((await session.signOut()).state).toBe('signed-out');
    expect(created.map((entry) => entry.closed)).toEqual([true]);
  });

  it('closes the client of an abandoned second step', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: false, error: 'mfa_required', user: { mfa_token: 'mfa-1' } }));
    const session = controller();
    expect((await session.signIn(signInInput('right'))).state).toBe('mfa-required');
    expect(created.map((entry) => entry.closed)).toEqual([false]);
    await session.cancelMfa();
    expect(created.map((entry) => entry.closed)).toEqual([true]);
  });
});

describe('session controller: lock and unlock (in-memory vault, real offline credential files)', () => {
  it('seals the cache key at sign-in, and a later launch starts locked without touching the network', async () => {
    scriptCentralCommand();
    const first = controller();
    await first.signIn(signInInput('right'));
    expect(readyKeys).toHaveLength(1);
    await first.lock('requested');

    const relaunched = controller();
    scripted.server.script((_request, response) => sendJson(response, 500, { error: 'nothing should be asked at launch' }));
    await relaunched.restore();
    expect(relaunched.snapshot()).toMatchObject({ state: 'locked', user: { username: 'tech' } });
    expect(scripted.server.requests).toHaveLength(0);
    expect(relaunched.active()).toBeNull();
  });

  it('locks on idle: the session work stops, its client closes, and the snapshot says why', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    const locked = await session.lock('idle');
    expect(locked).toMatchObject({ state: 'locked', connectivity: null, notice: expect.stringContaining('15 minutes') });
    expect(ended).toBe(1);
    expect(session.active()).toBeNull();
    expect(created.map((entry) => entry.closed)).toEqual([true]);
  });

  it('unlocks offline with the password: the same cache key as at sign-in, marked offline', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('idle');
    scriptUnreachable();
    const unlocked = await session.unlock('right');
    expect(unlocked).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    expect(readyKeys[1]).toBe(readyKeys[0]);
    expect(session.active()?.token).toBe('tok-123');
  });

  it('refuses a wrong password offline, then makes the next try wait', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('idle');
    scriptUnreachable();
    expect((await failure(session.unlock('wrong'))).code).toBe('invalid-credentials');
    const waiting = await failure(session.unlock('right'));
    expect(waiting.code).toBe('rate-limited');
    expect(waiting.details?.retryAfterSeconds).toBe(1);
    expect(session.snapshot().state).toBe('locked');
    clock += 1_000;
    expect((await session.unlock('right')).state).toBe('signed-in');
  });

  it('refuses offline unlock after the maximum offline age, and says so', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('idle');
    scriptUnreachable();
    clock += 7 * DAY_MS;
    const refused = await failure(session.unlock('right'));
    expect(refused.code).toBe('offline-unlock-refused');
    expect(refused.message).toMatch(/7 days/);
    expect(session.snapshot().state).toBe('locked');
  });

  it('unlocks online by signing in again; abandoning its second step returns to the lock screen', async () => {
    scriptCentralCommand({ withCode: true });
    const session = controller();
    expect((await session.signIn(signInInput('right'))).state).toBe('mfa-required');
    scriptCentralCommand();
    await session.cancelMfa();
    await session.signIn(signInInput('right'));
    await session.lock('requested');

    scriptCentralCommand({ withCode: true });
    expect((await session.unlock('right')).state).toBe('mfa-required');
    expect((await session.cancelMfa()).state).toBe('locked');
    expect((await failure(session.unlock('wrong'))).code).toBe('invalid-credentials');
    expect(session.snapshot().state).toBe('locked');
  });

  it('signs out from the lock screen: the stored session is gone and the next launch shows sign-in', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('requested');
    expect((await session.signOut()).state).toBe('signed-out');
    expect(scripted.server.requests.some((request) => request.path === '/api/auth/logout')).toBe(true);
    const relaunched = controller();
    await relaunched.restore();
    expect(relaunched.snapshot().state).toBe('signed-out');
  });

  it('falls back to the local verifier when Central Command fails with a 5xx during an outage', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('idle');
    scripted.server.script((_request, response) => sendJson(response, 503, { detail: 'Service Unavailable' }));
    expect(await session.unlock('right')).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
  });

  it('checks one unlock at a time: a double click does not sign in twice', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('requested');
    const [first, second] = await Promise.allSettled([session.unlock('right'), session.unlock('right')]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { state: 'signed-in' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'invalid-state' } });
    expect(readyKeys).toHaveLength(2);
  });

  it('a lock that arrives while the cache is still opening waits for it, then stops everything', async () => {
    scriptCentralCommand();
    const session = controller();
    let openCache!: () => void;
    readyGate = new Promise((resolve) => (openCache = resolve));
    const signingIn = session.signIn(signInInput('right'));
    await vi.waitFor(() => expect(work).toEqual(['opening']));
    const locking = session.lock('requested');
    openCache();
    await signingIn;
    expect((await locking).state).toBe('locked');
    expect(work).toEqual(['opening', 'ready', 'ended']);
  });

  it('a sign-out that arrives during an online unlock wins: nothing of the session survives the next launch', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('requested');
    const unlocking = session.unlock('right');
    const signingOut = session.signOut();
    await unlocking;
    expect((await signingOut).state).toBe('signed-out');
    expect(session.active()).toBeNull();
    const relaunched = controller();
    await relaunched.restore();
    expect(relaunched.snapshot().state).toBe('signed-out');
  });

  it('an online unlock ends the replaced session on the server', async () => {
    let issued = 0;
    scripted.server.script((request, response) => {
      if (request.path === '/api/auth/login') {
        issued += 1;
        return sendJson(response, 200, { success: true, user: USER, error: null }, { 'set-cookie': SESSION_COOKIE.replace('tok-123', `tok-${issued}`) });
      }
      if (request.path === '/api/auth/me') return sendJson(response, 200, { id: 'u-1', ...USER });
      return sendJson(response, 200, { success: true });
    });
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('idle');
    await session.unlock('right');
    const logouts = scripted.server.requests.filter((request) => request.path === '/api/auth/logout');
    expect(logouts.map((request) => request.headers['authorization'])).toEqual(['Bearer tok-1']);
    expect(session.active()?.token).toBe('tok-2');
  });

  it('refuses a new sign-in while one waits for its code', async () => {
    scriptCentralCommand({ withCode: true });
    const session = controller();
    await session.signIn(signInInput('right'));
    expect(await failure(session.signIn(signInInput('right')))).toMatchObject({ code: 'invalid-state' });
    expect(session.snapshot().state).toBe('mfa-required');
  });

  it('offline, a credential forged for another password never unlocks: refused, throttled, the token untouched, nothing changed', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('requested');
    const profile = session.snapshot().user!;
    const cacheFile = [...cacheWrittenUnder.keys()][0]!;
    // Someone who can write the data folder (and read this keychain) seals a key for a password of their own.
    const forger = createCacheKeyCustody({ vault, now: () => clock, scryptParams: FAST_SCRYPT });
    await forger.seal({ origin: scripted.server.origin, userId: profile.id, username: profile.username }, cacheFile, 'forged');
    const forgedCredential = await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8');
    scriptUnreachable();
    const refused = await failure(session.unlock('forged'));
    expect(refused).toMatchObject({ code: 'offline-unlock-refused', details: { retryAfterSeconds: 1 } });
    expect(refused.message).toMatch(/does not open the local data.*Nothing on this computer was changed/);
    expect(session.snapshot()).toMatchObject({ state: 'locked' });
    expect(session.active()).toBeNull();
    expect(work).toEqual(['opening', 'ready', 'ended']);
    expect(await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8')).toBe(forgedCredential);
    expect((await failure(session.unlock('forged'))).code).toBe('rate-limited');
    // The network back: still locked, and nothing reached the server with the stored token.
    scriptCentralCommand();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.snapshot().state).toBe('locked');
    expect(scripted.server.requests.filter((request) => request.headers['authorization'] === 'Bearer tok-123')).toEqual([]);
  });

  it('offline, a missing cache is a refusal: nothing is created and no session starts', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('requested');
    cacheWrittenUnder.clear();
    scriptUnreachable();
    const refused = await failure(session.unlock('right'));
    expect(refused).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('the local cache is missing') });
    expect(session.snapshot().state).toBe('locked');
    expect(cacheWrittenUnder.size).toBe(0);
    expect(work).toEqual(['opening', 'ready', 'ended']);
  });

  it('treats an untrusted certificate at unlock like no network: the local verifier, and a notice that says why', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('idle');
    const requestsBefore = scripted.server.requests.length;
    trustServer = false;
    const unlocked = await session.unlock('right');
    expect(unlocked).toMatchObject({ state: 'signed-in', connectivity: 'offline', notice: expect.stringContaining('password was not sent') });
    expect(scripted.server.requests.length).toBe(requestsBefore);
    expect(readyKeys[1]).toBe(readyKeys[0]);
  });

  it('ends a stored session on the server within its bound, and gives up quietly when the server does not answer', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('requested');
    const profile = (await createProfileStore(dataDir).active())!;
    await session.logOutStoredSession(profile);
    expect(scripted.server.requests.filter((request) => request.path === '/api/auth/logout').map((request) => request.headers['authorization'])).toEqual(['Bearer tok-123']);
    scripted.server.script(() => undefined);
    const started = Date.now();
    await session.logOutStoredSession(profile);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('session controller: reviewing cached data after the session ended (in-memory vault, real offline credential files)', () => {
  /** Signed in and synced once, then Central Command answered 401 (its 24 hours ran out, or it ended the session): the token is gone. */
  async function endedSession() {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.expire();
    expect(session.snapshot().state).toBe('expired');
    expect(await vault.get(`${scripted.server.origin}|u-1|session-token`)).toBeNull();
    return session;
  }

  /** The console relaunched after the session ended, Central Command out of reach, the password given: reviewing. */
  async function reviewingAfterRelaunch() {
    await endedSession();
    const relaunched = controller();
    await relaunched.restore();
    scriptUnreachable();
    const reviewing = await relaunched.unlock('right');
    return { relaunched, reviewing };
  }

  it('an ended session keeps its offline sign-in: the next launch waits at the lock screen and says what the password can do', async () => {
    await endedSession();
    const relaunched = controller();
    await relaunched.restore();
    expect(relaunched.snapshot()).toMatchObject({ state: 'locked', user: { username: 'tech' }, notice: expect.stringContaining('opens the data cached on this computer for review') });
  });

  it('offline, the password opens the proven cache read-only: no token, no session, nothing sent with a token', async () => {
    const { relaunched, reviewing } = await reviewingAfterRelaunch();
    expect(reviewing).toMatchObject({ state: 'reviewing', connectivity: 'offline', user: { username: 'tech' } });
    expect(relaunched.active()).toBeNull();
    expect(readyKeys).toEqual([readyKeys[0], readyKeys[0]]);
    expect(work).toEqual(['opening', 'ready', 'ended', 'review']);
    expect(scripted.server.requests.filter((request) => request.headers['authorization'] !== undefined)).toEqual([]);
    // Still out of reach: the password cannot do more than it did.
    const refused = await failure(relaunched.unlock('right'));
    expect(refused).toMatchObject({ code: 'unreachable', message: expect.stringContaining('still reviewing') });
    expect(relaunched.snapshot().state).toBe('reviewing');
  });

  it('a review is refused after the offline window, like an offline unlock', async () => {
    await endedSession();
    const relaunched = controller();
    await relaunched.restore();
    scriptUnreachable();
    clock += 7 * DAY_MS;
    const refused = await failure(relaunched.unlock('right'));
    expect(refused).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringMatching(/7 days/) });
    expect(relaunched.snapshot().state).toBe('locked');
    expect(work).toEqual(['opening', 'ready', 'ended']);
  });

  it('the idle lock and the Lock button end a review: its cache closes', async () => {
    const { relaunched } = await reviewingAfterRelaunch();
    expect(await relaunched.lock('idle')).toMatchObject({ state: 'locked', notice: expect.stringContaining('15 minutes') });
    expect(work.at(-1)).toBe('ended');
    clock += 1_000;
    await relaunched.unlock('right');
    expect((await relaunched.lock('requested')).state).toBe('locked');
  });

  it('says when Central Command is reachable again (asked without a token), and signing in then resumes on the same cache', async () => {
    const { relaunched } = await reviewingAfterRelaunch();
    scriptCentralCommand();
    await vi.waitFor(() => expect(relaunched.snapshot()).toMatchObject({ state: 'reviewing', connectivity: 'online', notice: expect.stringContaining('reachable again') }));
    expect(scripted.server.requests.length).toBeGreaterThan(0);
    expect(scripted.server.requests.every((request) => request.path === '/api/auth/me' && request.headers['authorization'] === undefined)).toBe(true);

    const signedIn = await relaunched.unlock('right');
    expect(signedIn).toMatchObject({ state: 'signed-in', connectivity: 'online' });
    expect(relaunched.active()?.token).toBe('tok-123');
    // The review's cache closed before the session opened it with the key it sealed: the same key.
    expect(work).toEqual(['opening', 'ready', 'ended', 'review', 'ended', 'opening', 'ready']);
    expect(new Set(readyKeys).size).toBe(1);
  });

  it('a second step from a review closes the review; abandoning it returns to the lock screen', async () => {
    const { relaunched } = await reviewingAfterRelaunch();
    scriptCentralCommand({ withCode: true });
    expect((await relaunched.unlock('right')).state).toBe('mfa-required');
    expect(work.at(-1)).toBe('ended');
    expect((await relaunched.cancelMfa()).state).toBe('locked');
  });

  it('a live stored session still unlocks offline into the signed-in console, not a review', async () => {
    scriptCentralCommand();
    const session = controller();
    await session.signIn(signInInput('right'));
    await session.lock('requested');
    scriptUnreachable();
    expect(await session.unlock('right')).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
  });

  it('signing out of a review leaves the profile: the next launch shows sign-in, choosing it again its lock screen', async () => {
    const { relaunched } = await reviewingAfterRelaunch();
    expect((await relaunched.signOut()).state).toBe('signed-out');
    const again = controller();
    await again.restore();
    expect(again.snapshot().state).toBe('signed-out');
    // Still on the profile list: chosen again, it shows its lock screen (SECURITY.md says so).
    const { profiles } = await createProfileStore(dataDir).list();
    expect((await again.switchTo(profiles[0]!.id)).state).toBe('locked');
  });
});
