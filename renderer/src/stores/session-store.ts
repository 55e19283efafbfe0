import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { SessionSnapshot, SignInInput } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { detailNumber, toErrorPayload } from '../format/errors.ts';

export interface SessionState {
  /** Null until session:get has answered. */
  snapshot: SessionSnapshot | null;
  busy: boolean;
  /**
   * The last failed session action: shown on the sign-in, code and lock views, and in the signed-in header.
   * Dropped when the session leaves signed-in, so a failure there is not shown on the next screen.
   */
  error: ConsoleErrorPayload | null;
  /** After a refusal that says when to try again (429, offline unlock delay): when that is (epoch ms); null when no wait was asked. */
  retryAt: number | null;
  load(): Promise<void>;
  /** The input (and its password) lives only for the call; nothing of it is kept here. */
  signIn(input: SignInInput): Promise<void>;
  verifyTotp(code: string): Promise<void>;
  cancelMfa(): Promise<void>;
  signOut(): Promise<void>;
  /** Locks now; core drops the session's data from view until the password is given again. */
  lock(): Promise<void>;
  /** Like signIn, the password lives only for the call. Online core may answer with the second step. */
  unlock(password: string): Promise<void>;
  /**
   * The technician used keyboard or mouse: postpones core's idle lock. Sent at most once per
   * ACTIVITY_REPORT_INTERVAL_MS and only while signed in; a lost report is harmless, the next one follows.
   */
  reportActivity(): void;
  /** Leaves the current profile (its session stays in core) and resumes the chosen one. */
  switchProfile(profileId: string): Promise<void>;
  /** Leaves the current profile (its session stays) for the sign-in form of another server or account. */
  addProfile(): Promise<void>;
  applySnapshot(snapshot: SessionSnapshot): void;
}

/** Core only needs to know the technician is there; pointermove alone fires dozens of times a second. */
const ACTIVITY_REPORT_INTERVAL_MS = 1000;

export function createSessionStore(client: ContractClient) {
  return createStore<SessionState>()((set, get) => {
    let lastActivityReportAt = Number.NEGATIVE_INFINITY;

    async function run(action: () => Promise<SessionSnapshot>): Promise<void> {
      set({ busy: true, error: null, retryAt: null });
      try {
        const snapshot = await action();
        set({ ...snapshotChange(snapshot), busy: false });
      } catch (caught) {
        const error = toErrorPayload(caught);
        // A 429, the offline unlock's delay, or a wrong offline password that says how long the next try must wait.
        // Only the deadline is kept: views count down to it, and trying again is always the technician's decision.
        const retryAfterSeconds = detailNumber(error, 'retryAfterSeconds');
        const retryAt = retryAfterSeconds !== null && retryAfterSeconds > 0 ? Date.now() + retryAfterSeconds * 1000 : null;
        set({ busy: false, error, retryAt });
      }
    }

    function snapshotChange(snapshot: SessionSnapshot): Partial<SessionState> {
      const before = get().snapshot?.state;
      // Reviewing is a screen over cached data too: its failed sign-in stays there.
      const leavingSignedIn = (before === 'signed-in' || before === 'reviewing') && snapshot.state !== before;
      // A failed Lock, Sign out or switch belongs to the signed-in screen; the next screen starts without it.
      // (An mfa-expired refusal on the code step does carry over to the sign-in form it leads to.)
      return leavingSignedIn ? { snapshot, error: null, retryAt: null } : { snapshot };
    }

    return {
      snapshot: null,
      busy: false,
      error: null,
      retryAt: null,
      load: () => run(() => client.call('session:get')),
      signIn: (input) => run(() => client.call('session:signIn', input)),
      verifyTotp: (code) => run(() => client.call('session:verifyTotp', { code })),
      cancelMfa: () => run(() => client.call('session:cancelMfa')),
      signOut: () => run(() => client.call('session:signOut')),
      lock: () => run(() => client.call('session:lock')),
      unlock: (password) => run(() => client.call('session:unlock', { password })),
      reportActivity() {
        const state = get().snapshot?.state;
        // Reviewing shows cached data too, and the idle lock guards it the same way.
        if (state !== 'signed-in' && state !== 'reviewing') return;
        const now = Date.now();
        if (now - lastActivityReportAt < ACTIVITY_REPORT_INTERVAL_MS) return;
        lastActivityReportAt = now;
        client.call('session:activity').catch(() => undefined);
      },
      switchProfile: (profileId) => run(() => client.call('profiles:switch', { profileId })),
      addProfile: () => run(() => client.call('profiles:add')),
      applySnapshot: (snapshot) => set(snapshotChange(snapshot)),
    };
  });
}
