import { z } from 'zod';
import { ConsoleError } from '#shared/errors.ts';

/**
 * Slows down password guessing at the offline lock screen: after each consecutive wrong password
 * the next attempt must wait twice as long (1 s, 2 s, 4 s … capped). scrypt already makes each
 * guess cost tens of ms; this adds a wall-clock cost that a script at the keyboard cannot avoid.
 *
 * The state is persisted (toJSON/fromJSON) by the caller so that restarting the console does not
 * hand out a fresh budget of fast guesses.
 */

export const UnlockThrottleStateSchema = z.object({
  version: z.literal(1),
  consecutiveFailures: z.number().int().min(0),
  /** Epoch ms of the latest failure, or null when there has been none since the last success. */
  lastFailureAt: z.number().finite().nullable(),
});
export type UnlockThrottleState = z.infer<typeof UnlockThrottleStateSchema>;

export interface UnlockThrottleOptions {
  now: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface UnlockThrottle {
  /** Throws 'rate-limited' (details.retryAfterSeconds) while the current delay has not passed. */
  check(): void;
  /** Whole seconds until the next attempt is allowed; 0 when it is allowed now. */
  retryAfterSeconds(): number;
  recordFailure(): void;
  recordSuccess(): void;
  toJSON(): UnlockThrottleState;
  /** Replaces the state with a persisted one; throws 'invalid-input' if it does not parse. */
  fromJSON(state: unknown): void;
}

export function createUnlockThrottle({ now, baseDelayMs = 1000, maxDelayMs = 5 * 60_000 }: UnlockThrottleOptions): UnlockThrottle {
  if (!(baseDelayMs > 0) || !(maxDelayMs >= baseDelayMs) || !Number.isFinite(maxDelayMs)) {
    throw new ConsoleError('invalid-input', 'The unlock delay must be positive and its maximum at least the base delay.');
  }
  let consecutiveFailures = 0;
  let lastFailureAt: number | null = null;

  function currentDelayMs(): number {
    if (consecutiveFailures === 0) return 0;
    // 2 ** large is Infinity, which Math.min turns into the cap, so no overflow guard is needed.
    return Math.min(baseDelayMs * 2 ** (consecutiveFailures - 1), maxDelayMs);
  }

  function retryAfterSeconds(): number {
    if (lastFailureAt === null) return 0;
    const delay = currentDelayMs();
    // Clamped to the delay: if the clock was set back, the wait never exceeds the current step.
    const remainingMs = Math.min(lastFailureAt + delay - now(), delay);
    return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
  }

  return {
    check() {
      const seconds = retryAfterSeconds();
      if (seconds > 0) throw new ConsoleError('rate-limited', `Too many wrong passwords. Try again in ${seconds} s.`, { retryAfterSeconds: seconds });
    },
    retryAfterSeconds,
    recordFailure() {
      consecutiveFailures += 1;
      lastFailureAt = now();
    },
    recordSuccess() {
      consecutiveFailures = 0;
      lastFailureAt = null;
    },
    toJSON() {
      return { version: 1, consecutiveFailures, lastFailureAt };
    },
    fromJSON(state) {
      const result = UnlockThrottleStateSchema.safeParse(state);
      if (!result.success) throw new ConsoleError('invalid-input', 'The saved unlock throttle state is not valid.');
      consecutiveFailures = result.data.consecutiveFailures;
      lastFailureAt = result.data.lastFailureAt;
    },
  };
}
