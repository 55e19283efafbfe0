import type { ChannelHandlers } from '#shared/ipc/contract.ts';
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
export function createSessionHandlers(session: SessionController, idleLock: IdleLock): Pick<ChannelHandlers, SessionChannel> {
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
    'session:unlock': (input) => session.unlock(input.password),
  };
}
