import { ConsoleError } from '#shared/errors.ts';

/**
 * Automatic logoff (HIPAA §164.312(a)(2)(iii)): lock the console after idleMs without activity,
 * warning warnBeforeMs ahead so a technician in the middle of reading is not surprised.
 *
 * activity() runs on every key press and mouse move, so it only stores a timestamp; the single
 * pending timer notices on firing that activity moved the deadline and re-arms itself. Timers are
 * injected so tests drive time with a fake scheduler instead of sleeping.
 */

export interface IdleTimerOptions<Handle = unknown> {
  idleMs?: number;
  /** How long before the lock to warn; a function of the idle time where it should scale with it. */
  warnBeforeMs?: number | ((idleMs: number) => number);
  now: () => number;
  setTimer: (callback: () => void, delayMs: number) => Handle;
  clearTimer: (handle: Handle) => void;
  onWarn: (locksAt: Date) => void;
  /** Called when activity (or pause/setIdleMs) withdraws a warning already shown. */
  onWarnCancelled?: () => void;
  onLock: () => void;
}

export interface IdleTimer {
  activity(): void;
  setIdleMs(ms: number): void;
  /** Stops counting (also withdraws a warning); the console is neither warned nor locked meanwhile. */
  pause(): void;
  /** Starts counting again from now; also re-arms the timer after a lock, once the technician unlocked. */
  resume(): void;
  /** Permanently disarms the timer; every later call is ignored. */
  stop(): void;
}

export const DEFAULT_IDLE_MS = 15 * 60_000;
export const DEFAULT_WARN_BEFORE_MS = 60_000;
// setTimeout treats longer delays as 1 ms; waking early is harmless because the timer re-arms.
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

type Phase = 'counting' | 'warned' | 'paused' | 'locked' | 'stopped';

export function createIdleTimer<Handle>(options: IdleTimerOptions<Handle>): IdleTimer {
  const { now, setTimer, clearTimer, onWarn, onWarnCancelled, onLock } = options;
  let idleMs = validDuration(options.idleMs ?? DEFAULT_IDLE_MS, 'idle time');
  const warnOption = options.warnBeforeMs ?? DEFAULT_WARN_BEFORE_MS;
  const warnFor = (idle: number) => validDuration(typeof warnOption === 'function' ? warnOption(idle) : warnOption, 'warning time', true);
  let warnBeforeMs = warnFor(idleMs);
  let lastActivity = now();
  let phase: Phase = 'counting';
  let handle: { value: Handle } | null = null;

  function disarm(): void {
    if (handle) clearTimer(handle.value);
    handle = null;
  }

  function arm(atMs: number): void {
    disarm();
    const delay = Math.min(Math.max(0, atMs - now()), MAX_TIMER_DELAY_MS);
    handle = { value: setTimer(tick, delay) };
  }

  function withdrawWarning(): void {
    if (phase === 'warned') {
      phase = 'counting';
      onWarnCancelled?.();
    }
  }

  /** Fires the warning or the lock if due, otherwise re-arms for the next deadline. */
  function tick(): void {
    // Also called directly (new idle time, activity after a warning): the pending timer goes first.
    disarm();
    if (phase !== 'counting' && phase !== 'warned') return;
    const lockAt = lastActivity + idleMs;
    // A warning longer than the idle time is simply shown at once.
    const warnAt = lockAt - warnBeforeMs;
    const current = now();
    if (current >= lockAt) {
      phase = 'locked';
      onLock();
      return;
    }
    if (current >= warnAt && warnBeforeMs > 0) {
      if (phase === 'counting') {
        phase = 'warned';
        onWarn(new Date(lockAt));
      }
      arm(lockAt);
      return;
    }
    // Activity or a longer idle time moved the deadline past a warning already shown.
    withdrawWarning();
    arm(warnAt);
  }

  tick();

  return {
    activity() {
      if (phase === 'counting') {
        lastActivity = now();
      } else if (phase === 'warned') {
        lastActivity = now();
        withdrawWarning();
        tick();
      }
    },
    setIdleMs(ms) {
      idleMs = validDuration(ms, 'idle time');
      warnBeforeMs = warnFor(idleMs);
      if (phase === 'counting' || phase === 'warned') tick();
    },
    pause() {
      if (phase !== 'counting' && phase !== 'warned') return;
      disarm();
      withdrawWarning();
      phase = 'paused';
    },
    resume() {
      if (phase !== 'paused' && phase !== 'locked') return;
      phase = 'counting';
      lastActivity = now();
      tick();
    },
    stop() {
      disarm();
      phase = 'stopped';
    },
  };
}

function validDuration(ms: number, what: string, zeroAllowed = false): number {
  if (!Number.isFinite(ms) || ms < 0 || (ms === 0 && !zeroAllowed)) {
    throw new ConsoleError('invalid-input', `The ${what} must be a positive number of milliseconds.`);
  }
  return ms;
}
