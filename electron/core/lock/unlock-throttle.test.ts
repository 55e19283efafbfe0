import { describe, expect, it } from 'vitest';
import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import { createUnlockThrottle } from './unlock-throttle.ts';

function setup(options: { baseDelayMs?: number; maxDelayMs?: number } = {}) {
  const clock = { ms: 1_700_000_000_000 };
  const throttle = createUnlockThrottle({ now: () => clock.ms, ...options });
  return { clock, throttle };
}

/** The error check() throws, or undefined when the attempt is allowed. */
function checkError(throttle: { check(): void }): ConsoleError | undefined {
  try {
    throttle.check();
    return undefined;
  } catch (error) {
    if (!isConsoleError(error, 'rate-limited')) throw error;
    return error;
  }
}

describe('unlock throttle', () => {
  it('allows the first attempt', () => {
    const { throttle } = setup();
    expect(checkError(throttle)).toBeUndefined();
  });

  it('waits 1 s after the first failure and says how long', () => {
    const { clock, throttle } = setup();
    throttle.recordFailure();
    const error = checkError(throttle);
    expect(error?.message).toBe('Too many wrong passwords. Try again in 1 s.');
    expect(error?.details).toEqual({ retryAfterSeconds: 1 });
    clock.ms += 999;
    expect(checkError(throttle)?.details).toEqual({ retryAfterSeconds: 1 });
    expect(throttle.retryAfterSeconds()).toBe(1);
    clock.ms += 1;
    expect(checkError(throttle)).toBeUndefined();
    expect(throttle.retryAfterSeconds()).toBe(0);
  });

  it('doubles the delay per consecutive failure', () => {
    const { clock, throttle } = setup();
    const waits: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      throttle.recordFailure();
      const seconds = Number(checkError(throttle)?.details?.retryAfterSeconds);
      waits.push(seconds);
      clock.ms += seconds * 1000;
      expect(checkError(throttle)).toBeUndefined();
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
  });

  it('counts down the remaining time, rounding up to whole seconds', () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < 3; i += 1) throttle.recordFailure();
    clock.ms += 2500;
    expect(checkError(throttle)?.details).toEqual({ retryAfterSeconds: 2 });
  });

  it('caps the delay at maxDelayMs, even after very many failures', () => {
    const { clock, throttle } = setup({ maxDelayMs: 10_000 });
    for (let i = 0; i < 2000; i += 1) throttle.recordFailure();
    expect(checkError(throttle)?.details).toEqual({ retryAfterSeconds: 10 });
    clock.ms += 10_000;
    expect(checkError(throttle)).toBeUndefined();
  });

  it('caps at 5 minutes by default', () => {
    const { throttle } = setup();
    for (let i = 0; i < 20; i += 1) throttle.recordFailure();
    expect(checkError(throttle)?.details).toEqual({ retryAfterSeconds: 300 });
  });

  it('resets after a success', () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < 4; i += 1) throttle.recordFailure();
    clock.ms += 8000;
    throttle.recordSuccess();
    expect(checkError(throttle)).toBeUndefined();
    throttle.recordFailure();
    expect(checkError(throttle)?.details).toEqual({ retryAfterSeconds: 1 });
  });

  it('never asks for more than the current step when the clock moves back', () => {
    const { clock, throttle } = setup();
    throttle.recordFailure();
    clock.ms -= 3_600_000;
    expect(checkError(throttle)?.details).toEqual({ retryAfterSeconds: 1 });
  });

  it('survives a restart through toJSON/fromJSON', () => {
    const first = setup();
    for (let i = 0; i < 3; i += 1) first.throttle.recordFailure();
    const stored = JSON.parse(JSON.stringify(first.throttle));
    expect(stored).toEqual({ version: 1, consecutiveFailures: 3, lastFailureAt: first.clock.ms });

    const second = createUnlockThrottle({ now: () => first.clock.ms + 1000 });
    expect(checkError(second)).toBeUndefined();
    second.fromJSON(stored);
    expect(checkError(second)?.details).toEqual({ retryAfterSeconds: 3 });
    second.recordFailure();
    expect(second.toJSON().consecutiveFailures).toBe(4);
  });

  it('refuses a damaged saved state and bad options', () => {
    const { throttle } = setup();
    for (const bad of [null, {}, { version: 1, consecutiveFailures: -1, lastFailureAt: null }, { version: 1, consecutiveFailures: 1, lastFailureAt: 'x' }]) {
      expect(() => throttle.fromJSON(bad)).toThrow(expect.toSatisfy((error) => isConsoleError(error, 'invalid-input')));
    }
    expect(() => createUnlockThrottle({ now: () => 0, baseDelayMs: 0 })).toThrow(ConsoleError);
    expect(() => createUnlockThrottle({ now: () => 0, baseDelayMs: 2000, maxDelayMs: 1000 })).toThrow(ConsoleError);
  });
});
