import { readFile } from 'node:fs/promises';
import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import type { SessionSnapshot, SignInInput, SessionUser } from '#shared/ipc/contract.ts';
import { canTransition, nextSessionState, type SessionEvent, type SessionState } from '#shared/session/machine.ts';
import { normalizeServerOrigin } from '#shared/util/origin.ts';
import { createApiClient, type ApiClient } from '../api/client.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import { vaultAccount } from '../vault/accounts.ts';
import type { Profile, ProfileStore } from '../profiles/profile-store.ts';

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
}

export interface SessionControllerOptions {
  vault: Vault;
  profiles: ProfileStore;
  allowInsecureLoopback: boolean;
  defaultServer: { origin: string; caFilePath: string | null } | null;
  /** Called after the state machine has moved, with the new snapshot. */
  onChange: (snapshot: SessionSnapshot) => void;
  /** Called when a session becomes usable (sign-in or restore) — core opens the cache and starts sync here. */
  onSessionReady: (session: ActiveSession, how: 'signed-in' | 'restored') => Promise<void>;
  /** Called when the session ends for any reason — core stops sync and closes the cache here. */
  onSessionEnded: () => Promise<void>;
  /** Tests observe the clients' lifecycle through this; the product uses createApiClient. */
  createClient?: typeof createApiClient;
}

/** Network failures that mean "Central Command is out of reach", as opposed to "it said no". */
export function isOfflineError(error: unknown): boolean {
  return isConsoleError(error) && (error.code === 'unreachable' || error.code === 'timeout');
}

/**
 * Drives shared/session/machine.ts for real: sign-in with the optional TOTP step, restore at launch,
 * expiry on 401, sign-out. Owns the session token (memory + keychain) and nothing else.
 */
export function createSessionController(options: SessionControllerOptions) {
  let state: SessionState = 'signed-out';
  let connectivity: 'online' | 'offline' | null = null;
  let notice: string | null = null;
  let active: ActiveSession | null = null;
  let pendingMfa: PendingMfa | null = null;
  let server: { origin: string; caFilePath: string | null } | null = options.defaultServer;

  function snapshot(): SessionSnapshot {
    const profile = active?.profile;
    const user: SessionUser | null = profile
      ? { id: profile.userId, username: profile.username, displayName: profile.displayName, role: profile.role }
      : null;
    const signedInLike = state === 'signed-in' || state === 'locked';
    return { state, connectivity: signedInLike ? connectivity : null, server, user, notice };
  }

  function move(event: SessionEvent, changes: { notice?: string | null; connectivity?: 'online' | 'offline' | null } = {}) {
    state = nextSessionState(state, event);
    if ('notice' in changes) notice = changes.notice ?? null;
    if ('connectivity' in changes) connectivity = changes.connectivity ?? null;
    options.onChange(snapshot());
  }

  async function readCaFile(caFilePath: string | null): Promise<string | null> {
    if (!caFilePath) return null;
    try {
      const pem = await readFile(caFilePath, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in the file');
      return pem;
    } catch (error) {
      throw new ConsoleError('invalid-input', `The CA certificate file "${caFilePath}" cannot be used (${(error as Error).message}). Choose the PEM file your administrator gave you.`);
    }
  }

  async function makeClient(origin: string, caFilePath: string | null): Promise<ApiClient> {
    const create = options.createClient ?? createApiClient;
    return create({ origin, caPem: await readCaFile(caFilePath), allowInsecureLoopback: options.allowInsecureLoopback });
  }

  /**
   * Each client owns a connection pool. Whoever lets go of one calls this: it is closed unless the
   * active session or the pending second step still holds it.
   */
  function release(api: ApiClient | undefined): void {
    if (!api || api === active?.api || api === pendingMfa?.api) return;
    void api.close().catch(() => undefined);
  }

  async function establish(api: ApiClient, origin: string, caFilePath: string | null, token: string, event: SessionEvent) {
    const me = await api.me(token);
    const profile = await options.profiles.upsertAndActivate({
      origin,
      caFilePath,
      userId: me.id,
      username: me.username,
      displayName: me.displayName,
      role: me.role,
      lastSignedInAt: new Date().toISOString(),
    });
    await options.vault.set(vaultAccount(origin, me.id, 'session-token'), token);
    active = { profile, api, token };
    pendingMfa = null;
    move(event, { notice: null, connectivity: 'online' });
    await ready(active, 'signed-in');
  }

  /**
   * A session whose local data cannot be opened (e.g. a cache written by a newer console) must not
   * look signed in. The token stays in the keychain and nothing is deleted: after the fix (an update),
   * the next launch restores the session as it was.
   */
  async function ready(session: ActiveSession, how: 'signed-in' | 'restored') {
    try {
      await options.onSessionReady(session, how);
    } catch (error) {
      active = null;
      release(session.api);
      await options.onSessionEnded();
      move('signed-out', { notice: isConsoleError(error) ? error.message : 'The console could not open its local data. The details are in its log.', connectivity: null });
      throw error;
    }
  }

  async function endSession(event: SessionEvent, endNotice: string | null) {
    const ending = active;
    active = null;
    pendingMfa = null;
    if (ending) await options.vault.delete(vaultAccount(ending.profile.origin, ending.profile.userId, 'session-token'));
    await options.onSessionEnded();
    release(ending?.api);
    // A sign-out and a background 401 can race; whichever ended the session first wins.
    if (canTransition(state, event)) move(event, { notice: endNotice, connectivity: null });
  }

  return {
    snapshot,
    active: () => active,

    /** At launch: reuse a stored token when there is one; offline, show the cache. */
    async restore(): Promise<void> {
      const lastServer = await options.profiles.lastServer();
      if (lastServer) server = { origin: lastServer.origin, caFilePath: lastServer.caFilePath };
      const profile = await options.profiles.active();
      if (!profile) return options.onChange(snapshot());
      server = { origin: profile.origin, caFilePath: profile.caFilePath };
      const token = await options.vault.get(vaultAccount(profile.origin, profile.userId, 'session-token'));
      if (!token) return options.onChange(snapshot());
      const api = await makeClient(profile.origin, profile.caFilePath);
      active = { profile, api, token };
      let reachable = true;
      try {
        await api.me(token);
      } catch (error) {
        // Offline, the session goes on from the cache and keeps its client for when the server is back.
        if (isOfflineError(error)) reachable = false;
        else {
          active = null;
          release(api);
          if (!isConsoleError(error, 'session-expired')) throw error;
          await options.vault.delete(vaultAccount(profile.origin, profile.userId, 'session-token'));
          notice = 'Your session with Central Command has ended. Sign in again.';
          return options.onChange(snapshot());
        }
      }
      move('session-restored', { notice: null, connectivity: reachable ? 'online' : 'offline' });
      // At launch there is no caller to show the error to: the notice on the snapshot says it.
      await ready(active, 'restored').catch(() => undefined);
    },

    async signIn(input: SignInInput): Promise<SessionSnapshot> {
      if (state !== 'signed-out' && state !== 'expired' && state !== 'mfa-required') {
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
          pendingMfa = { api, origin, caFilePath, username: input.username, mfaToken: result.mfaToken };
          move('mfa-challenged', { notice: null });
          return snapshot();
        }
        await establish(api, origin, caFilePath, result.token, 'password-accepted');
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
        await establish(pending.api, pending.origin, pending.caFilePath, result.token, 'mfa-accepted');
      } catch (error) {
        // Central Command spends the MFA token on any answer, right or wrong: the password step starts over.
        if (isConsoleError(error, 'mfa-expired') || isConsoleError(error, 'mfa-invalid')) {
          pendingMfa = null;
          release(pending.api);
          move('mfa-cancelled', { notice: `${error.message} Sign in again with your password.` });
        }
        throw error;
      }
      return snapshot();
    },

    cancelMfa(): SessionSnapshot {
      if (state === 'mfa-required') {
        const abandoned = pendingMfa?.api;
        pendingMfa = null;
        release(abandoned);
        move('mfa-cancelled', { notice: null });
      }
      return snapshot();
    },

    async signOut(): Promise<SessionSnapshot> {
      const ending = active;
      if (ending) {
        // Best effort: offline, the server session idles out by itself within 15 minutes.
        await ending.api.logout(ending.token).catch(() => undefined);
        await options.profiles.deactivate();
      }
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
      await this.leaveProfile({ origin: target.origin, caFilePath: target.caFilePath });
      await options.profiles.activate(profileId);
      await this.restore();
      return snapshot();
    },

    /** The server answered 401 to a background call: the session is over. */
    async expire(): Promise<void> {
      if (!active || (state !== 'signed-in' && state !== 'locked')) return;
      await endSession('token-rejected', 'Your session with Central Command has ended. Sign in again.');
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
