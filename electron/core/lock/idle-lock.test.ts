import { describe, expect, it } from 'vitest';
import { createFakeScheduler } from './test-support/fake-scheduler.ts';
import { createIdleLock, describeDuration } from './idle-lock.ts';

function harness(idleMs: number) {
  const scheduler = createFakeScheduler();
  const seen: string[] = [];
  const lock = createIdleLock({
    idleMs,
    scheduler,
    onWarn: (locksAt) => seen.push(`warn ${(locksAt.getTime() - scheduler.now()) / 1000}s`),
    onWarnCancelled: () => seen.push('warning withdrawn'),
    onLock: () => seen.push('lock'),
  });
  return { scheduler, seen, lock };
}

describe('idle lock (fake clock)', () => {
  it('counts nothing until a session is signed in', () => {
    const { scheduler, seen } = harness(15 * 60_000);
    scheduler.advance(60 * 60_000);
    expect(seen).toEqual([]);
  });

  it('warns a minute ahead with the default 15 minutes, and locks', () => {
    const { scheduler, seen, lock } = harness(15 * 60_000);
    lock.resume();
    scheduler.advance(14 * 60_000);
    expect(seen).toEqual(['warn 60s']);
    scheduler.advance(60_000);
    expect(seen).toEqual(['warn 60s', 'lock']);
  });

  it('warns halfway for a short idle time, and activity withdraws the warning', () => {
    const { scheduler, seen, lock } = harness(10_000);
    lock.resume();
    scheduler.advance(5_000);
    expect(seen).toEqual(['warn 5s']);
    lock.activity();
    expect(seen).toEqual(['warn 5s', 'warning withdrawn']);
    scheduler.advance(4_999);
    expect(seen).toEqual(['warn 5s', 'warning withdrawn']);
    scheduler.advance(5_001);
    expect(seen).toEqual(['warn 5s', 'warning withdrawn', 'warn 5s', 'lock']);
  });

  it('counts again from the unlock, not from before the lock', () => {
    const { scheduler, seen, lock } = harness(10_000);
    lock.resume();
    scheduler.advance(10_000);
    lock.pause(); // the session moved to locked
    scheduler.advance(60_000);
    lock.resume(); // unlocked
    scheduler.advance(9_999);
    expect(seen.filter((entry) => entry === 'lock')).toHaveLength(1);
    scheduler.advance(1);
    expect(seen.filter((entry) => entry === 'lock')).toHaveLength(2);
  });

  it('takes a new idle time from the settings, paused or counting', () => {
    const { scheduler, seen, lock } = harness(15 * 60_000);
    lock.setIdleMs(4 * 60_000);
    scheduler.advance(10 * 60_000);
    expect(seen).toEqual([]);
    lock.resume();
    lock.setIdleMs(2 * 60_000);
    scheduler.advance(2 * 60_000);
    expect(seen).toEqual(['warn 60s', 'lock']);
    expect(lock.describeIdleTime()).toBe('2 minutes');
    lock.stop();
    expect(scheduler.pending()).toBe(0);
  });

  it('describes idle times for the lock screen', () => {
    expect(describeDuration(60_000)).toBe('1 minute');
    expect(describeDuration(15 * 60_000)).toBe('15 minutes');
    expect(describeDuration(8_000)).toBe('8 seconds');
  });

  it('a longer idle time while a warning shows withdraws the warning instead of leaving it on screen', () => {
    const { scheduler, seen, lock } = harness(15 * 60_000);
    lock.resume();
    scheduler.advance(14 * 60_000);
    expect(seen).toEqual(['warn 60s']);
    lock.setIdleMs(30 * 60_000);
    expect(seen).toEqual(['warn 60s', 'warning withdrawn']);
  });
});
