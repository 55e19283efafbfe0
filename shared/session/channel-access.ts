import type { ChannelName, EventName } from '../ipc/contract.ts';
import type { SessionState } from './machine.ts';

/**
 * What each channel of the contract may do in each session state, and which events may carry
 * their payload out. Core enforces it for both shells before any handler runs (a refused call
 * answers 'locked' or 'invalid-state'), so a locked or signed-out console does only what its
 * screen needs. Typed so that every channel and event must appear: a new channel does not compile
 * until it says what it does while locked.
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
const EVERY_STATE = states(['signed-out', 'mfa-required', 'signed-in', 'locked', 'expired']);
/** The cached data and everything that changes it: only behind a proven password. */
const SIGNED_IN = states(['signed-in']);
/** The sign-in form: a new session (after none, or after one the server ended). */
const SIGN_IN_FORM = states(['signed-out', 'expired']);
const SECOND_STEP = states(['mfa-required']);
const LOCK_SCREEN = states(['locked']);
/** The known servers: offered at the sign-in form and in the signed-in header, never behind the lock. */
const PROFILE_CHOICE = states(['signed-out', 'expired', 'signed-in']);

export const CHANNEL_ACCESS: { readonly [C in ChannelName]: StateSet } = {
  'app:info': EVERY_STATE,
  'session:get': EVERY_STATE,
  'session:signIn': SIGN_IN_FORM,
  'session:verifyTotp': SECOND_STEP,
  'session:cancelMfa': SECOND_STEP,
  // The lock screen offers "Sign out": ending the session reveals nothing and keeps the cache locked.
  'session:signOut': EVERY_STATE,
  'session:activity': SIGNED_IN,
  'session:lock': SIGNED_IN,
  'session:unlock': LOCK_SCREEN,
  'settings:get': SIGNED_IN,
  // Idle minutes and the offline window protect the lock: changing them takes the password.
  'settings:set': SIGNED_IN,
  'fleet:overview': SIGNED_IN,
  'fleet:orgs': SIGNED_IN,
  'sync:status': SIGNED_IN,
  'sync:now': SIGNED_IN,
  'dialog:chooseCaFile': SIGN_IN_FORM,
  'profiles:list': PROFILE_CHOICE,
  'profiles:switch': PROFILE_CHOICE,
  'profiles:add': PROFILE_CHOICE,
  // Removal destroys a session and its data: refused behind the lock, like every other change.
  'profiles:remove': PROFILE_CHOICE,
  'site:open': SIGNED_IN,
  'site:close': SIGNED_IN,
  'site:refresh': SIGNED_IN,
  'attention:list': SIGNED_IN,
  // Settings show the pinned CA; replacing it takes the password behind a signed-in session.
  'ca:pinned': SIGNED_IN,
  'ca:replace': SIGNED_IN,
  // The update banner and Settings → Updates live in the signed-in console; a restart is an action.
  'update:get': SIGNED_IN,
  'update:check': SIGNED_IN,
  'update:restart': SIGNED_IN,
};

/** Which events may leave the trusted side in each state; a refused event is dropped, not emptied. */
export const EVENT_ACCESS: { readonly [E in EventName]: StateSet } = {
  // The lock screen names the account and server; the snapshot carries nothing else.
  'session:changed': EVERY_STATE,
  'session:idleWarning': SIGNED_IN,
  'sync:changed': SIGNED_IN,
  'fleet:changed': SIGNED_IN,
  'site:changed': SIGNED_IN,
  'update:changed': SIGNED_IN,
  // A followed link opens a page only behind an unlocked console (the shell holds it until then).
  'deepLink:open': SIGNED_IN,
};

export function channelAllowed(channel: ChannelName, state: SessionState): boolean {
  return CHANNEL_ACCESS[channel][state];
}

export function eventAllowed(event: EventName, state: SessionState): boolean {
  return EVENT_ACCESS[event][state];
}
