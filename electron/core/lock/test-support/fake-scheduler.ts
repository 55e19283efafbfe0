/**
 * Test helper: a manual clock plus timer queue, so idle-timer tests advance time explicitly
 * instead of sleeping. Timers due at the same moment run in the order they were set.
 */
export interface FakeScheduler {
  now: () => number;
  setTimer: (callback: () => void, delayMs: number) => number;
  clearTimer: (handle: number) => void;
  /** Moves the clock forward, running every timer that falls due on the way at its due time. */
  advance: (ms: number) => void;
  /** How many timers are pending; lets tests prove nothing is left armed. */
  pending: () => number;
}

export function createFakeScheduler(startMs = 1_700_000_000_000): FakeScheduler {
  let current = startMs;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();

  function nextDue(limit: number): [number, { at: number; callback: () => void }] | undefined {
    let found: [number, { at: number; callback: () => void }] | undefined;
    for (const entry of timers) {
      if (entry[1].at <= limit && (!found || entry[1].at < found[1].at)) found = entry;
    }
    return found;
  }

  return {
    now: () => current,
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { at: current + Math.max(0, delayMs), callback });
      return id;
    },
    clearTimer(handle) {
      timers.delete(handle);
    },
    advance(ms) {
      const target = current + ms;
      for (let due = nextDue(target); due; due = nextDue(target)) {
        timers.delete(due[0]);
        current = due[1].at;
        due[1].callback();
      }
      current = target;
    },
    pending: () => timers.size,
  };
}
