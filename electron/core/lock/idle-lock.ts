import { createIdleTimer, DEFAULT_WARN_BEFORE_MS, type IdleTimer } from './idle-timer.ts';

interface Scheduler<Handle> {
  now: () => number;
  setTimer: (callback: () => void, delayMs: number) => Handle;
  clearTimer: (handle: Handle) => void;
}

export interface IdleLockOptions<Handle> {
  idleMs: number;
  onWarn: (locksAt: Date) => void;
  onWarnCancelled: () => void;
  onLock: () => void;
  /** Tests drive time with lock/test-support/fake-scheduler.ts; the product uses the real clock and timers. */
  scheduler?: Scheduler<Handle>;
}

export interface IdleLock extends Omit<IdleTimer, 'setIdleMs'> {
  /** A new idle time from the settings; counting goes on (or stays paused) as it was. */
  setIdleMs(ms: number): void;
  /** "15 minutes", for the lock screen's explanation. */
  describeIdleTime(): string;
}

/**
 * The console's idle lock: idle-timer.ts on the real clock, warning a minute ahead, or halfway for
 * idle times shorter than two minutes (so a short timeout still counts before it warns). Starts
 * paused: only a signed-in console counts.
 */
export function createIdleLock<Handle = NodeJS.Timeout>(options: IdleLockOptions<Handle>): IdleLock {
  // Without an injected scheduler Handle is its default, NodeJS.Timeout, which is what realScheduler hands out.
  const scheduler = options.scheduler ?? (realScheduler() as unknown as Scheduler<Handle>);
  let idleMs = options.idleMs;
  const timer = createIdleTimer({
    idleMs,
    warnBeforeMs: (idle) => Math.min(DEFAULT_WARN_BEFORE_MS, Math.floor(idle / 2)),
    ...scheduler,
    onWarn: options.onWarn,
    onWarnCancelled: options.onWarnCancelled,
    onLock: options.onLock,
  });
  timer.pause();

  return {
    activity: () => timer.activity(),
    pause: () => timer.pause(),
    resume: () => timer.resume(),
    setIdleMs(ms) {
      if (ms === idleMs) return;
      idleMs = ms;
      timer.setIdleMs(ms);
    },
    describeIdleTime: () => describeDuration(idleMs),
    stop: () => timer.stop(),
  };
}

function realScheduler(): Scheduler<NodeJS.Timeout> {
  return {
    now: () => Date.now(),
    setTimer: (callback: () => void, delayMs: number) => {
      const handle = setTimeout(callback, delayMs);
      // A pending lock must not keep a test process or a closing shell alive.
      handle.unref();
      return handle;
    },
    clearTimer: (handle: NodeJS.Timeout) => clearTimeout(handle),
  };
}

export function describeDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes)) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const seconds = Math.round(ms / 1000);
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
