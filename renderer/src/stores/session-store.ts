import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { SessionSnapshot, SignInInput } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { detailNumber, toErrorPayload } from '../format/errors.ts';

export interface SessionState {
  /** Null until session:get has answered. */
  snapshot: SessionSnapshot | null;
  busy: boolean;
  /** The last failed session action, shown on the sign-in and code views. */
  error: ConsoleErrorPayload | null;
  /** After a refusal that says when to try again (429, offline unlock delay): whole seconds until then (0 = now). */
  retryInSeconds: number;
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

export type SessionStore = ReturnType<typeof createSessionStore>;

/** Core only needs to know the technician is there; pointermove alone fires dozens of times a second. */
export const ACTIVITY_REPORT_INTERVAL_MS = 1000;

export function createSessionStore(client: ContractClient) {
  return createStore<SessionState>()((set, get) => {
    let lastActivityReportAt = Number.NEGATIVE_INFINITY;

    // The countdown ticks here, off the wall clock, so every view shows the same number and the
    // first one shown is exact. It only counts: trying again is always the technician's decision.
    let retryTimer: ReturnType<typeof setInterval> | undefined;

    function stopRetryCountdown() {
      clearInterval(retryTimer);
      retryTimer = undefined;
    }

    function startRetryCountdown(seconds: number) {
      stopRetryCountdown();
      const deadline = Date.now() + seconds * 1000;
      const update = () => {
        const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
        set({ retryInSeconds: left });
        if (left === 0) stopRetryCountdown();
      };
      update();
      retryTimer = setInterval(update, 250);
    }

    async function run(action: () => Promise<SessionSnapshot>): Promise<void> {
      stopRetryCountdown();
      set({ busy: true, error: null, retryInSeconds: 0 });
      try {
        const snapshot = await action();
        set({ snapshot, busy: false });
      } catch (caught) {
        const error = toErrorPayload(caught);
        set({ busy: false, error });
        // A 429, the offline unlock's delay, or a wrong offline password that says how long the next try must wait.
        const retryAfterSeconds = detailNumber(error, 'retryAfterSeconds');
        if (retryAfterSeconds !== null && retryAfterSeconds > 0) startRetryCountdown(retryAfterSeconds);
      }
    }

    return {
      snapshot: null,
      busy: false,
      error: null,
      retryInSeconds: 0,
      load: () => run(() => client.call('session:get')),
      signIn: (input) => run(() => client.call('session:signIn', input)),
      verifyTotp: (code) => run(() => client.call('session:verifyTotp', { code })),
      cancelMfa: () => run(() => client.call('session:cancelMfa')),
      signOut: () => run(() => client.call('session:signOut')),
      lock: () => run(() => client.call('session:lock')),
      unlock: (password) => run(() => client.call('session:unlock', { password })),
      reportActivity() {
        if (get().snapshot?.state !== 'signed-in') return;
        const now = Date.now();
        if (now - lastActivityReportAt < ACTIVITY_REPORT_INTERVAL_MS) return;
        lastActivityReportAt = now;
        client.call('session:activity').catch(() => undefined);
      },
      switchProfile: (profileId) => run(() => client.call('profiles:switch', { profileId })),
      addProfile: () => run(() => client.call('profiles:add')),
      applySnapshot: (snapshot) => set({ snapshot }),
    };
  });
}
