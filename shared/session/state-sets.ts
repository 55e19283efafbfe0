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
});

/** Facts every screen needs: what the console is and which state it is in. */
export const EVERY_STATE = states(['signed-out', 'mfa-required', 'signed-in', 'locked', 'expired']);
/** The cached data and everything that changes it: only behind a proven password. */
export const SIGNED_IN = states(['signed-in']);
/** The sign-in form: a new session (after none, or after one the server ended). */
export const SIGN_IN_FORM = states(['signed-out', 'expired']);
export const SECOND_STEP = states(['mfa-required']);
export const LOCK_SCREEN = states(['locked']);
/** The known servers: offered at the sign-in form and in the signed-in header, never behind the lock. */
export const PROFILE_CHOICE = states(['signed-out', 'expired', 'signed-in']);

/** A feature's access table: exactly its own channels and events, each with its states. */
export type FeatureAccess<Channels, Events> = {
  readonly channels: { readonly [C in keyof Channels]: StateSet };
  readonly events: { readonly [E in keyof Events]: StateSet };
};
