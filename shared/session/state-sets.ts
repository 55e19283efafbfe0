import type { SessionState } from './machine.ts';

/**
 * The sets of session states a channel or event may be used in. Each feature names its channels'
 * sets in its own access table (`shared/<kind>/<kind>-access.ts`); `channel-access.ts` joins them.
 * Kept free of zod so the bridges' allowlist can be built from the tables without the schemas.
 */
export type StateSet = { readonly [S in SessionState]: boolean };

const states = (allowed: readonly SessionState[]): StateSet => ({
  'signed-out': allowed.includes('signed-out'),
  'mfa-required': allowed.includes('mfa-required'),
  'signed-in': allowed.includes('signed-in'),
  locked: allowed.includes('locked'),
  expired: allowed.includes('expired'),
  reviewing: allowed.includes('reviewing'),
});

/** Facts every screen needs: what the console is and which state it is in. */
export const EVERY_STATE = states(['signed-out', 'mfa-required', 'signed-in', 'locked', 'expired', 'reviewing']);
/** Everything that changes data or needs Central Command (sync, refetch, actions): a proven password and a live session. */
export const SIGNED_IN = states(['signed-in']);
/**
 * Reading the cache, and what guards what is on screen (activity, lock, the idle warning): behind a
 * proven password, with a live session or reviewing offline without one.
 */
export const CACHED_READS = states(['signed-in', 'reviewing']);
/** The sign-in form: a new session (after none, or after one the server ended). */
export const SIGN_IN_FORM = states(['signed-out', 'expired']);
export const SECOND_STEP = states(['mfa-required']);
export const LOCK_SCREEN = states(['locked']);
/** The password of this account: at the lock screen, and while reviewing to sign in online again. */
export const PASSWORD_OF_ACCOUNT = states(['locked', 'reviewing']);
/** The known servers: offered at the sign-in form and in the header over cached data, never behind the lock. */
export const PROFILE_CHOICE = states(['signed-out', 'expired', 'signed-in', 'reviewing']);

/** A feature's access table: exactly its own channels and events, each with its states. */
export type FeatureAccess<Channels, Events> = {
  readonly channels: { readonly [C in keyof Channels]: StateSet };
  readonly events: { readonly [E in keyof Events]: StateSet };
};
