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
  /** After a rate-limited sign-in: whole seconds until the server allows another try (0 = now). */
  retryInSeconds: number;
  load(): Promise<void>;
  /** The input (and its password) lives only for the call; nothing of it is kept here. */
  signIn(input: SignInInput): Promise<void>;
  verifyTotp(code: string): Promise<void>;
  cancelMfa(): Promise<void>;
  signOut(): Promise<void>;
  /** Leaves the current profile (its session stays in core) and resumes the chosen one. */
  switchProfile(profileId: string): Promise<void>;
  /** Leaves the current profile (its session stays) for the sign-in form of another server or account. */
  addProfile(): Promise<void>;
  applySnapshot(snapshot: SessionSnapshot): void;
}

export type SessionStore = ReturnType<typeof createSessionStore>;

export function createSessionStore(client: ContractClient) {
  return createStore<SessionState>()((set) => {
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
        const retryAfterSeconds = error.code === 'rate-limited' ? detailNumber(error, 'retryAfterSeconds') : null;
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
      switchProfile: (profileId) => run(() => client.call('profiles:switch', { profileId })),
      addProfile: () => run(() => client.call('profiles:add')),
      applySnapshot: (snapshot) => set({ snapshot }),
    };
  });
}
