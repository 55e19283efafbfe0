import type { ChannelName, consoleChannels, consoleEvents, EventName } from '../ipc/contract.ts';
import { featureChannelAccess, featureEventAccess } from '../ipc/features.ts';
import type { SessionState } from './machine.ts';
import { CACHED_READS, EVERY_STATE, PASSWORD_OF_ACCOUNT, PROFILE_CHOICE, SECOND_STEP, SIGN_IN_FORM, SIGNED_IN, type StateSet } from './state-sets.ts';

/**
 * What each channel of the contract may do in each session state, and which events may carry
 * their payload out. Core enforces it for both shells before any handler runs (a refused call
 * answers 'locked' or 'invalid-state'), so a locked or signed-out console does only what its
 * screen needs. Typed so that every channel and event must appear: a new channel does not compile
 * until it says what it does while locked. Each feature's table is part of its feature contract
 * (`shared/<kind>/index.ts`, listed in `shared/ipc/features.ts`) and joined in here. The bridges'
 * allowlist (shared/security/bridge-allowlist.ts) is these tables' names.
 */
export type { StateSet } from './state-sets.ts';

const CONSOLE_CHANNEL_ACCESS: { readonly [C in keyof typeof consoleChannels]: StateSet } = {
  'app:info': EVERY_STATE,
  'session:get': EVERY_STATE,
  'session:signIn': SIGN_IN_FORM,
  'session:verifyTotp': SECOND_STEP,
  'session:cancelMfa': SECOND_STEP,
  // The lock screen offers "Sign out": ending the session reveals nothing and keeps the cache locked.
  'session:signOut': EVERY_STATE,
  // Whatever shows cached data is guarded by the idle lock and the Lock button, reviewing included.
  'session:activity': CACHED_READS,
  'session:lock': CACHED_READS,
  // Locked: online a new sign-in, offline the local verifier. Reviewing: the online sign-in once Central Command is back.
  'session:unlock': PASSWORD_OF_ACCOUNT,
  'settings:get': CACHED_READS,
  // Idle minutes and the offline window protect the lock: changing them takes the password.
  'settings:set': SIGNED_IN,
  'dialog:chooseCaFile': SIGN_IN_FORM,
  'profiles:list': PROFILE_CHOICE,
  'profiles:switch': PROFILE_CHOICE,
  'profiles:add': PROFILE_CHOICE,
  // Removal destroys a session and its data: refused behind the lock, like every other change.
  'profiles:remove': PROFILE_CHOICE,
  // Settings show the pinned CA; replacing it takes the password behind a signed-in session.
  'ca:pinned': CACHED_READS,
  'ca:replace': SIGNED_IN,
};

/** Which events may leave the trusted side in each state; a refused event is dropped, not emptied. */
const CONSOLE_EVENT_ACCESS: { readonly [E in keyof typeof consoleEvents]: StateSet } = {
  // The lock screen names the account and server; the snapshot carries nothing else.
  'session:changed': EVERY_STATE,
  'session:idleWarning': CACHED_READS,
  'data:changed': CACHED_READS,
};

export const CHANNEL_ACCESS: { readonly [C in ChannelName]: StateSet } = { ...CONSOLE_CHANNEL_ACCESS, ...featureChannelAccess };
export const EVENT_ACCESS: { readonly [E in EventName]: StateSet } = { ...CONSOLE_EVENT_ACCESS, ...featureEventAccess };

export function channelAllowed(channel: ChannelName, state: SessionState): boolean {
  return CHANNEL_ACCESS[channel][state];
}

export function eventAllowed(event: EventName, state: SessionState): boolean {
  return EVENT_ACCESS[event][state];
}
