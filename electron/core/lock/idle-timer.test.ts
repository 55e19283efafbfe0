import { describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { createFakeScheduler } from './test-support/fake-scheduler.ts';
import { createIdleTimer } from './idle-timer.ts';
import type { IdleTimerOptions } from './idle-timer.ts';

const MIN = 60_000;

function setup(options: Partial<IdleTimerOptions<number>> = {}) {
  const scheduler = createFakeScheduler();
  const events: string[] = [];
  const start = scheduler.now();
  /** Minutes since setup, so expectations read as "warned at 14, locked at 15". */
  const at = () => (scheduler.now() - start) / MIN;
  const timer = createIdleTimer({
    now: scheduler.now,
    setTimer: scheduler.setTimer,
    clearTimer: scheduler.clearTimer,
    onWarn: (locksAt) => events.push(`warn@${at()} locksAt=${(locksAt.getTime() - start) / MIN}`),
    onWarnCancelled: () => events.push(`cancel@${at()}`),
    onLock: () => events.push(`lock@${at()}`),
    ...options,
  });
  return { scheduler, events, timer };
}

describe('idle timer', () => {
  it('warns 60 s before and locks after 15 idle minutes by default', () => {
    const { scheduler, events } = setup();
    scheduler.advance(14 * MIN - 1);
    expect(events).toEqual([]);
    scheduler.advance(1);
    expect(events).toEqual(['warn@14 locksAt=15']);
    scheduler.advance(MIN);
    expect(events).toEqual(['warn@14 locksAt=15', 'lock@15']);
  });

  it('fires each callback once and leaves no timer armed after locking', () => {
    const { scheduler, events } = setup();
    scheduler.advance(60 * MIN);
    expect(events).toEqual(['warn@14 locksAt=15', 'lock@15']);
    expect(scheduler.pending()).toBe(0);
  });

  it('postpones the warning and the lock on activity', () => {
    const { scheduler, events, timer } = setup({ idleMs: 10 * MIN, warnBeforeMs: MIN });
    scheduler.advance(5 * MIN);
    timer.activity();
    scheduler.advance(9 * MIN - 1);
    expect(events).toEqual([]);
    scheduler.advance(1);
    expect(events).toEqual(['warn@14 locksAt=15']);
  });

  it('keeps activity cheap: calling it often sets no timers', () => {
    const scheduler = createFakeScheduler();
    let sets = 0;
    const timer = createIdleTimer({
      now: scheduler.now,
      setTimer: (callback, delayMs) => {
        sets += 1;
        return scheduler.setTimer(callback, delayMs);
      },
      clearTimer: scheduler.clearTimer,
      onWarn: () => {},
      onLock: () => {},
    });
    for (let i = 0; i < 1000; i += 1) timer.activity();
    expect(sets).toBe(1);
    expect(scheduler.pending()).toBe(1);
  });

  it('cancels a shown warning on activity and counts the full idle time again', () => {
    const { scheduler, events, timer } = setup();
    scheduler.advance(14.5 * MIN);
    timer.activity();
    expect(events).toEqual(['warn@14 locksAt=15', 'cancel@14.5']);
    scheduler.advance(MIN);
    expect(events).toHaveLength(2);
    scheduler.advance(13 * MIN);
    expect(events.slice(2)).toEqual(['warn@28.5 locksAt=29.5']);
    scheduler.advance(MIN);
    expect(events.slice(3)).toEqual(['lock@29.5']);
  });

  it('neither warns nor locks while paused, and counts from resume', () => {
    const { scheduler, events, timer } = setup();
    scheduler.advance(10 * MIN);
    timer.pause();
    scheduler.advance(120 * MIN);
    timer.activity();
    expect(events).toEqual([]);
    expect(scheduler.pending()).toBe(0);
    timer.resume();
    scheduler.advance(14 * MIN);
    expect(events).toEqual(['warn@144 locksAt=145']);
  });

  it('withdraws a shown warning when paused', () => {
    const { scheduler, events, timer } = setup();
    scheduler.advance(14 * MIN);
    timer.pause();
    scheduler.advance(10 * MIN);
    expect(events).toEqual(['warn@14 locksAt=15', 'cancel@14']);
  });

  it('ignores activity after locking and re-arms on resume after unlock', () => {
    const { scheduler, events, timer } = setup({ idleMs: 5 * MIN, warnBeforeMs: 0 });
    scheduler.advance(5 * MIN);
    expect(events).toEqual(['lock@5']);
    timer.activity();
    scheduler.advance(60 * MIN);
    expect(events).toEqual(['lock@5']);
    timer.resume();
    scheduler.advance(5 * MIN);
    expect(events).toEqual(['lock@5', 'lock@70']);
  });

  it('applies a shorter idle time from the last activity', () => {
    const { scheduler, events, timer } = setup();
    scheduler.advance(2 * MIN);
    timer.setIdleMs(5 * MIN);
    scheduler.advance(2 * MIN - 1);
    expect(events).toEqual([]);
    scheduler.advance(1);
    expect(events).toEqual(['warn@4 locksAt=5']);
    scheduler.advance(MIN);
    expect(events).toEqual(['warn@4 locksAt=5', 'lock@5']);
  });

  it('locks at once when the new idle time has already passed', () => {
    const { scheduler, events, timer } = setup();
    scheduler.advance(10 * MIN);
    timer.setIdleMs(5 * MIN);
    expect(events).toEqual(['lock@10']);
  });

  it('withdraws a warning when the idle time is lengthened', () => {
    const { scheduler, events, timer } = setup();
    scheduler.advance(14 * MIN);
    timer.setIdleMs(30 * MIN);
    expect(events).toEqual(['warn@14 locksAt=15', 'cancel@14']);
    scheduler.advance(15 * MIN);
    expect(events.slice(2)).toEqual(['warn@29 locksAt=30']);
  });

  it('shows a warning longer than the idle time at once', () => {
    const { scheduler, events } = setup({ idleMs: MIN, warnBeforeMs: 5 * MIN });
    expect(events).toEqual(['warn@0 locksAt=1']);
    scheduler.advance(MIN);
    expect(events).toEqual(['warn@0 locksAt=1', 'lock@1']);
  });

  it('does nothing after stop', () => {
    const { scheduler, events, timer } = setup();
    timer.stop();
    timer.resume();
    timer.setIdleMs(MIN);
    scheduler.advance(60 * MIN);
    expect(events).toEqual([]);
    expect(scheduler.pending()).toBe(0);
  });

  it('rejects a non-positive idle time', () => {
    const { timer } = setup();
    const invalid = expect.toSatisfy((error) => isConsoleError(error, 'invalid-input'));
    expect(() => timer.setIdleMs(0)).toThrow(invalid);
    expect(() => timer.setIdleMs(Number.NaN)).toThrow(invalid);
    expect(() => setup({ warnBeforeMs: -1 })).toThrow(invalid);
  });
});
