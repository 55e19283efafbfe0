import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import type { SessionSnapshot, SignInInput, SessionUser } from '#shared/ipc/contract.ts';
import { canTransition, nextSessionState, type SessionEvent, type SessionState } from '#shared/session/machine.ts';
import { normalizeServerOrigin } from '#shared/util/origin.ts';
import { createApiClient, type ApiClient } from '../api/client.ts';
import type { ProxyResolver } from '../api/proxy.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import { vaultAccount } from '../vault/accounts.ts';
import type { Profile, ProfileStore } from '../profiles/profile-store.ts';
import type { CacheKeyCustody, Sealed } from '../lock/cache-key-custody.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import type { Log } from '../log.ts';
import { createReachabilityWatch } from './reachability-watch.ts';

/** What the rest of core needs once a session is established. The token never leaves core. */
export interface ActiveSession {
  profile: Profile;
  api: ApiClient;
  token: string;
}

interface PendingMfa {
  api: ApiClient;
  origin: string;
  caFilePath: string | null;
  username: string;
  mfaToken: string;
  /**
   * Kept in core's memory until the second step ends, because only then is the user known whose
   * cache key it must seal (cache-key-custody.ts). It never leaves this object.
   */
  password: string;
  /** An online unlock: abandoning its second step returns to the lock screen, not to sign-in. */
  unlocking: boolean;
}

export type LockReason = 'idle' | 'requested';

/**
 * How a session reaches its cache. Online (Central Command accepted the password): a key that may
 * rebuild the cache when it no longer opens. Offline: the existing cache, already opened and so
 * proven by the key (cache-key-custody.ts).
 */
export type SessionCache = { kind: 'sealed'; sealed: Sealed } | { kind: 'opened'; cache: CacheClient };

/** How long removing a profile waits for Central Command to end its session. */
const LOGOUT_TIMEOUT_MS = 3000;
/** How long a review's reachability probe waits for any answer before it counts as "still out of reach". */
const PROBE_TIMEOUT_MS = 5000;

export interface SessionControllerOptions {
  vault: Vault;
  profiles: ProfileStore;
  custody: CacheKeyCustody;
  /** The offline unlock window, read when it is needed so a settings change applies at once. */
  maxOfflineDays: () => Promise<number>;
  /** Says why the console locked itself, e.g. "after 15 minutes without activity". */
  describeIdleLock: () => string;
  allowInsecureLoopback: boolean;
  /** The route to a server (direct or a proxy), asked for each new client so a changed network applies at once. */
  resolveProxy: ProxyResolver;
  defaultServer: { origin: string; caFilePath: string | null } | null;
  /** Called after the state machine has moved, with the new snapshot. */
  onChange: (snapshot: SessionSnapshot) => void;
  /**
   * Offline unlock: opens this profile's existing cache with the key the password yielded, creating,
   * moving or rewriting nothing; rejects when there is none or the key does not open it.
   */
  openExistingCache: (profile: Profile, cacheKeyHex: string) => Promise<CacheClient>;
  /** Called when a session becomes usable (sign-in or unlock) — core opens the cache if needed and starts sync here. */
  onSessionReady: (session: ActiveSession, cache: SessionCache) => Promise<void>;
  /**
   * Called when an offline review opens: the cache the local verifier proved, and no session. Core
   * answers reads from it; no sync, site refresh or event stream starts, since there is no token.
   */
  onReviewReady: (profile: Profile, cache: CacheClient) => Promise<void>;
  /** Called when the session (or the review) ends or locks — core stops sync and closes the cache here. */
  onSessionEnded: () => Promise<void>;
  /** While reviewing, how often Central Command is asked (without a token) whether it is reachable again; default 30 s. */
  reachabilityProbeMs?: number;
  /** Tests observe the clients' lifecycle through this; the product uses createApiClient. */
  createClient?: typeof createApiClient;
  /** Receives each client's retries and failures (method, path, code, status). */
  log?: Log;
}

/** Network failures that mean "Central Command is out of reach", as opposed to "it said no". */
export function isOfflineError(error: unknown): boolean {
  // A proxy that wants credentials the console does not have keeps Central Command out of reach as surely as no network.
  return isConsoleError(error) && (error.code === 'unreachable' || error.code === 'timeout' || error.code === 'proxy-auth-required');
}

/**
 * When unlocking, a server that cannot answer the sign-in (out of reach, failing with a 5xx during
 * an outage, or hidden behind a certificate the console does not trust — a captive portal, a proxy
 * that intercepts TLS — before any password was sent) leaves the local verifier as the way in; a
 * server that answered "no" does not.
 */
function cannotAuthenticateOnline(error: unknown): boolean {
  return isOfflineError(error) || isConsoleError(error, 'server-error') || isConsoleError(error, 'certificate-untrusted');
}

/** Said at the lock screen of a session that ended while its offline sign-in stays on this computer. */
export const ENDED_SESSION_AT_LAUNCH =
  'Your session with Central Command has ended. Online, your password signs you in again; while Central Command cannot be reached, it opens the data cached on this computer for review.';
export const REVIEW_REACHABLE_AGAIN = 'Central Command is reachable again. Enter your password to sign in and resume syncing.';
const REVIEW_STILL_OFFLINE = 'Central Command still cannot be reached, so you cannot sign in yet. You are still reviewing the data cached on this computer.';

const UNTRUSTED_AT_UNLOCK =
  "Central Command's certificate is not trusted on this network (a captive portal or a proxy that intercepts secure connections?), so your password was not sent to it. The console was unlocked on this computer and works offline.";

/**
 * Drives shared/session/machine.ts for real: sign-in with the optional TOTP step, a stored session
 * found at launch (locked), lock and unlock (online: sign in again; offline: the local verifier),
 * expiry on 401, sign-out. Owns the session token (memory + keychain) and nothing else.
 */
export function createSessionController(options: SessionControllerOptions) {
  let state: SessionState = 'signed-out';
  let connectivity: 'online' | 'offline' | null = null;
  let notice: string | null = null;
  /** Whose session this is, while signed in and while locked. */
  let current: Profile | null = null;
  /** Only while signed in: the client and token that sync and site views use. */
  let active: ActiveSession | null = null;
  let pendingMfa: PendingMfa | null = null;
  let server: { origin: string; caFilePath: string | null } | null = options.defaultServer;

  const reachability = createReachabilityWatch({
    intervalMs: options.reachabilityProbeMs ?? 30_000,
    probe: async () => {
      const profile = current;
      if (!profile) return false;
      const api = await makeClient(profile.origin, profile.caFilePath, PROBE_TIMEOUT_MS);
      try {
        await api.probe();
        return true;
      } catch (error) {
        if (cannotAuthenticateOnline(error)) return false;
        throw error;
      } finally {
        release(api);
      }
    },
    onChange: (reachable) => {
      if (state !== 'reviewing') return;
      connectivity = reachable ? 'online' : 'offline';
      notice = reachable ? REVIEW_REACHABLE_AGAIN : null;
      options.onChange(snapshot());
    },
  });
  function snapshot(): SessionSnapshot {
    const profile = current;
    const user: SessionUser | null = profile
      ? { id: profile.userId, username: profile.username, displayName: profile.displayName, role: profile.role }
      : null;
    const signedInLike = state === 'signed-in' || state === 'locked' || state === 'reviewing';
    return { state, connectivity: signedInLike ? connectivity : null, server, user, notice };
  }

  function move(event: SessionEvent, changes: { notice?: string | null; connectivity?: 'online' | 'offline' | null } = {}) {
    state = nextSessionState(state, event);
    if (state === 'reviewing') reachability.start();
    else reachability.stop();
    if ('notice' in changes) notice = changes.notice ?? null;
    if ('connectivity' in changes) connectivity = changes.connectivity ?? null;
    options.onChange(snapshot());
  }

  // A profile's pinned copy is checked against its SHA-256; a freshly chosen file is read once (profile-store.ts).
  function readCaFile(caFilePath: string | null): Promise<string | null> {
    return options.profiles.readCaFile(caFilePath);
  }

  async function makeClient(origin: string, caFilePath: string | null, timeoutMs?: number): Promise<ApiClient> {
    const create = options.createClient ?? createApiClient;
    const proxy = await options.resolveProxy(origin);
    return create({ origin, caPem: await readCaFile(caFilePath), allowInsecureLoopback: options.allowInsecureLoopback, proxy, ...(timeoutMs ? { timeoutMs } : {}), ...(options.log ? { log: options.log } : {}) });
  }

  /**
   * Each client owns a connection pool. Whoever lets go of one calls this: it is closed unless the
   * active session or the pending second step still holds it.
   */
  function release(api: ApiClient | undefined): void {
    if (!api || api === active?.api || api === pendingMfa?.api) return;
    void api.close().catch(() => undefined);
  }

  async function establish(api: ApiClient, origin: string, caFilePath: string | null, token: string, event: SessionEvent, password: string) {
    const me = await api.me(token);
    const profile = await options.profiles.upsertAndActivate({
      origin,
      // The CA file this session was established with is copied into the profile: later connections use the copy.
      caFilePath: await options.profiles.pinCaFile({ origin, userId: me.id }, caFilePath),
      userId: me.id,
      username: me.username,
      displayName: me.displayName,
      role: me.role,
      lastSignedInAt: new Date().toISOString(),
    });
    const tokenAccount = vaultAccount(origin, me.id, 'session-token');
    const previousToken = await options.vault.get(tokenAccount);
    // A session this one replaces (an unlock, a sign-in over an expired one) ends on the server too.
    if (previousToken && previousToken !== token) await api.logout(previousToken).catch(() => undefined);
    await options.vault.set(tokenAccount, token);
    const sealed = await options.custody.seal(profile, options.profiles.cacheFileFor(profile), password);
    active = { profile, api, token };
    current = profile;
    pendingMfa = null;
    await ready(active, { kind: 'sealed', sealed });
    move(event, { connectivity: 'online' });
  }

  /**
   * Central Command cannot check the password: the verifier saved at the last online sign-in does,
   * and the key it yields must open the existing cache. Only then is the stored token taken up.
   */
  async function unlockOffline(profile: Profile, api: ApiClient, password: string, why: unknown) {
    const token = await options.vault.get(vaultAccount(profile.origin, profile.userId, 'session-token'));
    const cache = await options.custody.unseal(profile, options.profiles.cacheFileFor(profile), password, await options.maxOfflineDays(), (cacheKeyHex) =>
      options.openExistingCache(profile, cacheKeyHex),
    );
    const untrusted = isConsoleError(why, 'certificate-untrusted') ? UNTRUSTED_AT_UNLOCK : null;
    if (!token) {
      // The session ended (a 401, or its 24 hours ran out): the proven cache opens read-only, without a token.
      await review(profile, cache);
      move('review-opened', { connectivity: 'offline', notice: untrusted });
      return;
    }
    active = { profile, api, token };
    await ready(active, { kind: 'opened', cache });
    move('unlocked', { connectivity: 'offline', notice: untrusted });
  }

  /** Like `ready` for a review: a cache that cannot be served leaves the console signed out, with the reason. */
  async function review(profile: Profile, cache: CacheClient) {
    notice = null;
    try {
      await options.onReviewReady(profile, cache);
    } catch (error) {
      current = null;
      await cache.close().catch(() => undefined);
      await options.onSessionEnded();
      move('signed-out', { notice: isConsoleError(error) ? error.message : 'The console could not open its local data. The details are in its log.', connectivity: null });
      throw error;
    }
  }

  /** Signing in from a review: its read-only cache closes first, so the session opens the cache with the key it seals. */
  async function endReview() {
    if (state === 'reviewing') await options.onSessionEnded();
  }

  /**
   * Opens the session's cache and starts its work before the snapshot says signed-in, so the
   * renderer's first requests find the data. A notice raised meanwhile (a cache moved aside) stays.
   * A session whose local data cannot be opened (e.g. a cache written by a newer console) must not
   * look signed in. The token stays in the keychain and nothing is deleted: after the fix (an update),
   * the next launch restores the session as it was.
   */
  async function ready(session: ActiveSession, cache: SessionCache) {
    notice = null;
    await endReview();
    try {
      await options.onSessionReady(session, cache);
    } catch (error) {
      active = null;
      current = null;
      release(session.api);
      await options.onSessionEnded();
      move('signed-out', { notice: isConsoleError(error) ? error.message : 'The console could not open its local data. The details are in its log.', connectivity: null });
      throw error;
    }
  }

  /**
   * A session that is stored but not in use (locked, or another profile's) is still alive on the
   * server. Ending it is the one use of a stored token that needs no password: it can only end it.
   * Best effort and bounded, so an unreachable server does not hold up a sign-out or a removal.
   */
  async function logOutStoredSession(profile: Profile): Promise<void> {
    const token = await options.vault.get(vaultAccount(profile.origin, profile.userId, 'session-token'));
    if (!token) return;
    const api = await makeClient(profile.origin, profile.caFilePath, LOGOUT_TIMEOUT_MS).catch(() => null);
    if (!api) return;
    await api.logout(token).catch(() => undefined);
    release(api);
  }

  async function endSession(event: SessionEvent, endNotice: string | null) {
    const ending = active;
    const owner = current;
    active = null;
    current = null;
    const abandoned = pendingMfa?.api;
    pendingMfa = null;
    if (owner) await options.vault.delete(vaultAccount(owner.origin, owner.userId, 'session-token'));
    await options.onSessionEnded();
    release(ending?.api);
    release(abandoned);
    // A sign-out and a background 401 can race; whichever ended the session first wins.
    if (canTransition(state, event)) move(event, { notice: endNotice, connectivity: null });
  }

  const operations = {

    /**
     * At launch: a stored session waits, locked, for the technician's password. Nothing is fetched
     * or opened before that: the cache key needs the password (cache-key-custody.ts).
     */
    async restore(): Promise<void> {
      const lastServer = await options.profiles.lastServer();
      if (lastServer) server = { origin: lastServer.origin, caFilePath: lastServer.caFilePath };
      const profile = await options.profiles.active();
      if (!profile) return options.onChange(snapshot());
      server = { origin: profile.origin, caFilePath: profile.caFilePath };
      const token = await options.vault.get(vaultAccount(profile.origin, profile.userId, 'session-token'));
      // An ended session leaves its offline sign-in: the lock screen then offers both the online sign-in and the review.
      const reviewable = !token && (await options.custody.hasOfflineSignIn(options.profiles.cacheFileFor(profile)));
      if (!token && !reviewable) return options.onChange(snapshot());
      current = profile;
      move('session-restored', { notice: reviewable ? ENDED_SESSION_AT_LAUNCH : null, connectivity: null });
    },

    /** Idle time, the technician, or the OS locking its screen: sync stops and the cache closes. */
    async lock(reason: LockReason): Promise<SessionSnapshot> {
      if (state !== 'reviewing' && (state !== 'signed-in' || !active)) return snapshot();
      const locking = active;
      active = null;
      // The renderer drops what it shows on this snapshot; the work behind it stops right after.
      move(reason === 'idle' ? 'idle-timeout' : 'lock-requested', { notice: reason === 'idle' ? options.describeIdleLock() : null, connectivity: null });
      await options.onSessionEnded();
      release(locking?.api);
      return snapshot();
    },

    /** Online this is a new sign-in (password, then the code if the account has one); offline, the local verifier. */
    async unlock(password: string): Promise<SessionSnapshot> {
      if ((state !== 'locked' && state !== 'reviewing') || !current) throw new ConsoleError('invalid-state', 'The console is not locked.');
      const profile = current;
      const reviewing = state === 'reviewing';
      let api: ApiClient | undefined;
      try {
        api = await makeClient(profile.origin, profile.caFilePath);
        let result: Awaited<ReturnType<ApiClient['login']>>;
        try {
          result = await api.login(profile.username, password);
        } catch (error) {
          if (!cannotAuthenticateOnline(error)) throw error;
          // Already reviewing: the local verifier has nothing more to give; only Central Command can sign in.
          if (reviewing) throw new ConsoleError('unreachable', REVIEW_STILL_OFFLINE, undefined, { cause: error });
          await unlockOffline(profile, api, password, error);
          return snapshot();
        }
        if (result.kind === 'mfa') {
          await endReview();
          pendingMfa = { api, origin: profile.origin, caFilePath: profile.caFilePath, username: profile.username, mfaToken: result.mfaToken, password, unlocking: true };
          move('mfa-challenged', { notice: null });
          return snapshot();
        }
        await establish(api, profile.origin, profile.caFilePath, result.token, 'unlocked', password);
        return snapshot();
      } finally {
        release(api);
      }
    },

    async signIn(input: SignInInput): Promise<SessionSnapshot> {
      if (state === 'mfa-required') throw new ConsoleError('invalid-state', 'A sign-in is waiting for its authentication code. Cancel it first.');
      if (state !== 'signed-out' && state !== 'expired') {
        throw new ConsoleError('invalid-state', 'You are already signed in. Sign out first to use another account.');
      }
      const origin = normalizeServerOrigin(input.serverUrl);
      const caFilePath = input.caFilePath?.trim() || null;
      server = { origin, caFilePath };
      await options.profiles.rememberServer({ origin, caFilePath, username: input.username });
      const abandoned = pendingMfa?.api;
      pendingMfa = null;
      release(abandoned);
      const api = await makeClient(origin, caFilePath);
      try {
        const result = await api.login(input.username, input.password);
        if (result.kind === 'mfa') {
          pendingMfa = { api, origin, caFilePath, username: input.username, mfaToken: result.mfaToken, password: input.password, unlocking: false };
          move('mfa-challenged', { notice: null });
          return snapshot();
        }
        await establish(api, origin, caFilePath, result.token, 'password-accepted', input.password);
        return snapshot();
      } finally {
        release(api);
      }
    },

    async verifyTotp(code: string): Promise<SessionSnapshot> {
      if (state !== 'mfa-required' || !pendingMfa) throw new ConsoleError('invalid-state', 'There is no sign-in waiting for an authentication code. Sign in again.');
      const pending = pendingMfa;
      try {
        const result = await pending.api.verifyTotp(pending.mfaToken, code);
        await establish(pending.api, pending.origin, pending.caFilePath, result.token, 'mfa-accepted', pending.password);
      } catch (error) {
        // Central Command spends the MFA token on any answer, right or wrong: the password step starts over.
        if (isConsoleError(error, 'mfa-expired') || isConsoleError(error, 'mfa-invalid')) {
          pendingMfa = null;
          release(pending.api);
          if (pending.unlocking) move('unlock-cancelled', { notice: `${error.message} Unlock again with your password.` });
          else move('mfa-cancelled', { notice: `${error.message} Sign in again with your password.` });
        }
        throw error;
      }
      return snapshot();
    },

    async cancelMfa(): Promise<SessionSnapshot> {
      if (state === 'mfa-required') {
        const abandoned = pendingMfa;
        pendingMfa = null;
        release(abandoned?.api);
        move(abandoned?.unlocking ? 'unlock-cancelled' : 'mfa-cancelled', { notice: null });
      }
      return snapshot();
    },

    async signOut(): Promise<SessionSnapshot> {
      // Best effort: offline, the server session idles out by itself within 15 minutes.
      if (active) await active.api.logout(active.token).catch(() => undefined);
      else if (current) await logOutStoredSession(current);
      if (current) await options.profiles.deactivate();
      await endSession('signed-out', null);
      return snapshot();
    },

    /**
     * Leaves the current profile without ending its session: the token stays in the keychain, so
     * switching back resumes it. The sign-in form is then free for another server or account.
     */
    async leaveProfile(prefill: { origin: string; caFilePath: string | null } | null): Promise<SessionSnapshot> {
      const leaving = [active?.api, pendingMfa?.api];
      pendingMfa = null;
      active = null;
      current = null;
      await options.onSessionEnded();
      for (const api of leaving) release(api);
      await options.profiles.deactivate();
      server = prefill;
      if (canTransition(state, 'signed-out')) move('signed-out', { notice: null, connectivity: null });
      return snapshot();
    },

    /** Resumes another known profile: from its stored session when there is one, else its sign-in form. */
    async switchTo(profileId: string): Promise<SessionSnapshot> {
      const target = await options.profiles.get(profileId);
      if (!target) throw new ConsoleError('not-found', 'That server profile is no longer on this computer.');
      await operations.leaveProfile({ origin: target.origin, caFilePath: target.caFilePath });
      await options.profiles.activate(profileId);
      await operations.restore();
      return snapshot();
    },

    /** The server answered 401 to a background call: the session is over. */
    async expire(): Promise<void> {
      // Only a signed-in session holds a client that can meet a 401; locking lets go of it.
      if (!active) return;
      await endSession('token-rejected', 'Your session with Central Command has ended. Sign in again.');
    },

  };

  // One operation at a time: a sign-out during an unlock, a lock while the cache opens, a second
  // click — each waits for the one before and then sees the state that one left.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized<A extends unknown[], R>(operation: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args) => {
      const run = queue.then(() => operation(...args));
      queue = run.catch(() => undefined);
      return run;
    };
  }

  return {
    snapshot,
    active: () => active,
    restore: serialized(operations.restore),
    lock: serialized(operations.lock),
    unlock: serialized(operations.unlock),
    signIn: serialized(operations.signIn),
    verifyTotp: serialized(operations.verifyTotp),
    cancelMfa: serialized(operations.cancelMfa),
    signOut: serialized(operations.signOut),
    leaveProfile: serialized(operations.leaveProfile),
    switchTo: serialized(operations.switchTo),
    expire: serialized(operations.expire),
    logOutStoredSession,

    /** At quit: the session's and a pending second step's connection pools close; the session itself stays stored. */
    dispose(): void {
      reachability.stop();
      for (const api of [active?.api, pendingMfa?.api]) void api?.close().catch(() => undefined);
      active = null;
      pendingMfa = null;
    },

    /** A sentence for the technician that stays on the snapshot until the next state change. */
    notify(message: string): void {
      notice = message;
      options.onChange(snapshot());
    },

    setConnectivity(next: 'online' | 'offline'): void {
      if (connectivity === next || (state !== 'signed-in' && state !== 'locked')) return;
      connectivity = next;
      options.onChange(snapshot());
    },
  };
}

export type SessionController = ReturnType<typeof createSessionController>;
