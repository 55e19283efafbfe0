import { createStore } from 'zustand/vanilla';

export interface IdleWarningState {
  /** When core will lock the console for inactivity (epoch ms); null when no lock is near. */
  locksAt: number | null;
  /** A 'session:idleWarning' event: a time warns, null withdraws the warning. */
  apply(locksAt: string | null): void;
  /** Leaving signed-in: a warning for a session that is no longer on screen means nothing. */
  clear(): void;
}

export type IdleWarningStore = ReturnType<typeof createIdleWarningStore>;

function parseInstant(iso: string | null): number | null {
  if (iso === null) return null;
  const instant = Date.parse(iso);
  return Number.isNaN(instant) ? null : instant;
}

export function createIdleWarningStore() {
  return createStore<IdleWarningState>()((set) => ({
    locksAt: null,
    apply: (locksAt) => set({ locksAt: parseInstant(locksAt) }),
    clear: () => set({ locksAt: null }),
  }));
}
