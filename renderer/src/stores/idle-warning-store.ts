import { createStore } from 'zustand/vanilla';
import { parseIsoTime } from '../format/time.ts';

export interface IdleWarningState {
  /** When core will lock the console for inactivity (epoch ms); null when no lock is near. */
  locksAt: number | null;
  /** A 'session:idleWarning' event: a time warns, null withdraws the warning. */
  apply(locksAt: string | null): void;
  /** Leaving signed-in: a warning for a session that is no longer on screen means nothing. */
  clear(): void;
}

export function createIdleWarningStore() {
  return createStore<IdleWarningState>()((set) => ({
    locksAt: null,
    apply: (locksAt) => set({ locksAt: parseIsoTime(locksAt) }),
    clear: () => set({ locksAt: null }),
  }));
}
