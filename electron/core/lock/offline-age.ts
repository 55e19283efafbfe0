import { ConsoleError } from '#shared/errors.ts';

/**
 * How long an offline credential is honoured. A technician whose account was disabled on the server
 * keeps working offline until this runs out, so the window is a policy limit, not a convenience.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
// Clocks on laptops drift; a few minutes of "sign-in in the future" is drift, more is a wrong clock.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export type OfflineAgeDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Allowed while less than maxOfflineDays whole days have passed since the last online sign-in;
 * at exactly maxOfflineDays it is refused.
 */
export function offlineUnlockAllowed(createdAt: string | Date, now: Date | number, maxOfflineDays: number): OfflineAgeDecision {
  if (!Number.isInteger(maxOfflineDays) || maxOfflineDays < 1) {
    throw new ConsoleError('invalid-input', 'The offline unlock limit must be a whole number of days, at least 1.');
  }
  const signedInMs = new Date(createdAt).getTime();
  const nowMs = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(signedInMs) || !Number.isFinite(nowMs)) {
    throw new ConsoleError('invalid-input', 'The last online sign-in time is not a valid date.');
  }
  const elapsedMs = nowMs - signedInMs;
  if (elapsedMs < -CLOCK_SKEW_MS) {
    // Turning the clock back must not stretch the window, so an impossible age is refused too.
    return {
      allowed: false,
      reason: "This computer's clock is earlier than your last online sign-in. Check the date and time, or connect to Central Command and sign in.",
    };
  }
  if (elapsedMs < maxOfflineDays * DAY_MS) return { allowed: true };
  const days = Math.floor(elapsedMs / DAY_MS);
  return {
    allowed: false,
    reason: `You last signed in online ${plural(days, 'day')} ago; the console allows offline unlock for ${plural(maxOfflineDays, 'day')}. Connect to Central Command and sign in.`,
  };
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
