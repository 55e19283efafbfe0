import { describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { offlineUnlockAllowed } from './offline-age.ts';

const DAY = 24 * 60 * 60 * 1000;
const SIGNED_IN = '2026-11-01T08:00:00.000Z';
const signedInMs = Date.parse(SIGNED_IN);

describe('offlineUnlockAllowed', () => {
  it('allows a fresh credential', () => {
    expect(offlineUnlockAllowed(SIGNED_IN, signedInMs + 1000, 7)).toEqual({ allowed: true });
  });

  it('allows up to one millisecond before the limit and refuses at the limit', () => {
    expect(offlineUnlockAllowed(SIGNED_IN, signedInMs + 7 * DAY - 1, 7)).toEqual({ allowed: true });
    expect(offlineUnlockAllowed(SIGNED_IN, new Date(signedInMs + 7 * DAY), 7)).toEqual({
      allowed: false,
      reason: 'You last signed in online 7 days ago; the console allows offline unlock for 7 days. Connect to Central Command and sign in.',
    });
  });

  it('counts whole days in the refusal and uses the singular for one day', () => {
    expect(offlineUnlockAllowed(new Date(signedInMs), signedInMs + 12.9 * DAY, 1)).toEqual({
      allowed: false,
      reason: 'You last signed in online 12 days ago; the console allows offline unlock for 1 day. Connect to Central Command and sign in.',
    });
  });

  it('tolerates 5 minutes of clock drift but refuses a sign-in further in the future', () => {
    expect(offlineUnlockAllowed(SIGNED_IN, signedInMs - 5 * 60_000, 7)).toEqual({ allowed: true });
    const decision = offlineUnlockAllowed(SIGNED_IN, signedInMs - 5 * 60_000 - 1, 7);
    expect(decision.allowed).toBe(false);
    expect(decision.allowed === false && decision.reason).toMatch(/clock is earlier than your last online sign-in/);
  });

  it('refuses a bad limit or date as invalid input', () => {
    const invalid = expect.toSatisfy((error) => isConsoleError(error, 'invalid-input'));
    expect(() => offlineUnlockAllowed(SIGNED_IN, signedInMs, 0)).toThrow(invalid);
    expect(() => offlineUnlockAllowed(SIGNED_IN, signedInMs, 1.5)).toThrow(invalid);
    expect(() => offlineUnlockAllowed('not a date', signedInMs, 7)).toThrow(invalid);
  });
});
