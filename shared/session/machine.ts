import { z } from 'zod';

/**
 * The console's session lifecycle, as one table (docs/ARCHITECTURE.md, "Core"):
 * signed-out → mfa-required → signed-in (online | offline) → locked → expired | signed-out, and
 * locked → reviewing (read-only, no token) while Central Command cannot be reached.
 * A session found at launch starts locked: its cache key is wrapped by the technician's password,
 * so nothing cached can be shown before the password is given again (docs/SECURITY.md). So does an
 * ended session whose offline sign-in is still on this computer: the password opens its cache for
 * review, and online it signs in again.
 * Core drives it; the renderer only reads the resulting snapshot.
 */
export const SESSION_STATES = ['signed-out', 'mfa-required', 'signed-in', 'locked', 'expired', 'reviewing'] as const;
export const SessionStateSchema = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionStateSchema>;

export const SESSION_EVENTS = [
  'password-accepted', // login succeeded without a second factor
  'mfa-challenged', // login answered mfa_required
  'mfa-accepted', // verify-totp succeeded
  'mfa-cancelled',
  'session-restored', // a stored session (or an ended one that can still be reviewed) was found at launch: it waits, locked, for the password
  'idle-timeout', // the console locked itself
  'lock-requested', // the technician (or the OS locking its screen) locked the console
  'unlocked', // the password was accepted (online sign-in, or the local verifier offline with a stored token)
  'review-opened', // offline, the local verifier opened the cache, but no token is stored to continue with: read-only
  'unlock-cancelled', // the second step of an online unlock was abandoned: back to the lock screen
  'token-rejected', // the server answered 401
  'signed-out',
] as const;
export type SessionEvent = (typeof SESSION_EVENTS)[number];

type TransitionTable = { readonly [S in SessionState]: Partial<Record<SessionEvent, SessionState>> };

export const SESSION_TRANSITIONS: TransitionTable = {
  'signed-out': {
    'password-accepted': 'signed-in',
    'mfa-challenged': 'mfa-required',
    'session-restored': 'locked',
    'signed-out': 'signed-out',
  },
  'mfa-required': {
    'mfa-accepted': 'signed-in',
    'mfa-cancelled': 'signed-out',
    'unlock-cancelled': 'locked',
    'mfa-challenged': 'mfa-required',
    'signed-out': 'signed-out',
  },
  'signed-in': {
    'idle-timeout': 'locked',
    'lock-requested': 'locked',
    'token-rejected': 'expired',
    'signed-out': 'signed-out',
  },
  locked: {
    unlocked: 'signed-in',
    'review-opened': 'reviewing',
    'mfa-challenged': 'mfa-required',
    'token-rejected': 'expired',
    'signed-out': 'signed-out',
  },
  // No token: nothing here reaches Central Command until an online sign-in ('unlocked') succeeds.
  reviewing: {
    'idle-timeout': 'locked',
    'lock-requested': 'locked',
    unlocked: 'signed-in',
    'mfa-challenged': 'mfa-required',
    'signed-out': 'signed-out',
  },
  expired: {
    'password-accepted': 'signed-in',
    'mfa-challenged': 'mfa-required',
    'signed-out': 'signed-out',
  },
};

export class InvalidSessionTransition extends Error {
  readonly from: SessionState;
  readonly event: SessionEvent;

  constructor(from: SessionState, event: SessionEvent) {
    super(`session cannot go from "${from}" on "${event}"`);
    this.name = 'InvalidSessionTransition';
    this.from = from;
    this.event = event;
  }
}

export function nextSessionState(from: SessionState, event: SessionEvent): SessionState {
  const to = SESSION_TRANSITIONS[from][event];
  if (to === undefined) throw new InvalidSessionTransition(from, event);
  return to;
}

export function canTransition(from: SessionState, event: SessionEvent): boolean {
  return SESSION_TRANSITIONS[from][event] !== undefined;
}
