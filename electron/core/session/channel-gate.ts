import { ConsoleError } from '#shared/errors.ts';
import { CHANNEL_NAMES, type ChannelHandlers, type ChannelName } from '#shared/ipc/contract.ts';
import { channelAllowed } from '#shared/session/channel-access.ts';
import type { SessionState } from '#shared/session/machine.ts';
import { reviewRefusal } from '#shared/session/review-refusals.ts';

const REFUSALS: { readonly [S in Exclude<SessionState, 'reviewing'>]: string } = {
  locked: 'The console is locked. Enter your password to continue.',
  'signed-out': 'Sign in to Central Command first.',
  expired: 'Your session has ended. Sign in to Central Command again.',
  'mfa-required': 'Finish signing in with your authentication code first.',
  'signed-in': 'You are already signed in. Sign out first.',
};

/** The refusal names the channel and the state, so a log or a test can tell it from the handler's own errors. */
function refusal(channel: ChannelName, state: SessionState): ConsoleError {
  // Reviewing, each refused channel says what signing in would let the technician do.
  const message = state === 'reviewing' ? reviewRefusal(channel) : REFUSALS[state];
  return new ConsoleError(state === 'locked' ? 'locked' : 'invalid-state', message, { refusedChannel: channel, sessionState: state });
}

/**
 * Every handler behind the state table of shared/session/channel-access.ts: a call the current
 * state does not allow is refused before its handler runs, whichever shell it came through.
 */
export function gateByState(handlers: ChannelHandlers, currentState: () => SessionState): ChannelHandlers {
  const gate = (channel: ChannelName) => {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return async (input: unknown) => {
      const state = currentState();
      if (!channelAllowed(channel, state)) throw refusal(channel, state);
      return handler(input);
    };
  };
  return Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, gate(channel)])) as ChannelHandlers;
}
