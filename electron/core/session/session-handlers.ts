import { isConsoleError } from '#shared/errors.ts';
import type { ChannelHandlers } from '#shared/ipc/contract.ts';
import type { Log } from '../log.ts';
import type { IdleLock } from '../lock/idle-lock.ts';
import type { SessionController } from './session-controller.ts';

type SessionChannel =
  | 'session:get'
  | 'session:signIn'
  | 'session:verifyTotp'
  | 'session:cancelMfa'
  | 'session:signOut'
  | 'session:activity'
  | 'session:lock'
  | 'session:unlock';

/** Sign-in with its second step, lock and unlock, sign-out, and the activity that postpones the idle lock. */
export function createSessionHandlers(session: SessionController, idleLock: IdleLock, log: Log): Pick<ChannelHandlers, SessionChannel> {
  return {
    'session:get': async () => session.snapshot(),
    'session:signIn': (input) => session.signIn(input),
    'session:verifyTotp': (input) => session.verifyTotp(input.code),
    'session:cancelMfa': async () => session.cancelMfa(),
    'session:signOut': () => session.signOut(),
    'session:activity': async () => {
      idleLock.activity();
      return {};
    },
    'session:lock': () => session.lock('requested'),
    // A refused unlock is logged by its code only: the message may name the account.
    'session:unlock': (input) =>
      session.unlock(input.password).catch((error: unknown) => {
        log('warn', 'unlock refused', { code: isConsoleError(error) ? error.code : 'internal' });
        throw error;
      }),
  };
}
