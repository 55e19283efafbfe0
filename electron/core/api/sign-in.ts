import { ConsoleError } from '#shared/errors.ts';
import { LoginUserSchema, MfaChallengeSchema, type LoginResponse, type LoginUser } from '#shared/api/auth.ts';
import { readSetCookie } from './cookies.ts';
import { badResponseFromZod, badResponse, type FailureContext } from './errors.ts';

export type SessionResult = { kind: 'session'; token: string; user: LoginUser };
export type MfaResult = { kind: 'mfa'; mfaToken: string };
export type LoginResult = SessionResult | MfaResult;

/**
 * Reads a `/api/auth/login` or `/api/auth/verify-totp` answer. Both are HTTP 200 even when they
 * fail; `success:false` carries a fixed English sentence in `error`, mapped here to codes.
 */
export function interpretSignIn(step: 'login' | 'totp', body: LoginResponse, headers: Headers, context: FailureContext): LoginResult {
  if (body.success) return sessionFrom(body, headers, context);
  const serverText = (body.error ?? '').trim();

  if (serverText === 'mfa_required' && step === 'login') {
    const challenge = MfaChallengeSchema.safeParse(body.user);
    if (!challenge.success) throw badResponseFromZod(context, challenge.error, body.user, ['user']);
    return { kind: 'mfa', mfaToken: challenge.data.mfa_token };
  }
  throw signInFailure(serverText);
}

function sessionFrom(body: LoginResponse, headers: Headers, context: FailureContext): SessionResult {
  const token = readSetCookie(headers, 'session_token');
  if (!token) {
    throw badResponse(context, 'the sign-in succeeded but no session_token cookie came with it', null);
  }
  const user = LoginUserSchema.safeParse(body.user);
  if (!user.success) throw badResponseFromZod(context, user.error, body.user, ['user']);
  return { kind: 'session', token, user: user.data };
}

function signInFailure(serverText: string): ConsoleError {
  const details = serverText ? { serverMessage: serverText } : undefined;
  if (/^invalid username or password/i.test(serverText)) {
    return new ConsoleError('invalid-credentials', 'The user name or password is not correct.', details);
  }
  const locked = /^account locked\. try again in (\d+) minutes?/i.exec(serverText);
  if (locked) {
    const minutes = Number(locked[1]);
    return new ConsoleError(
      'account-locked',
      `This account is locked after too many failed sign-ins. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
      { ...details, minutes },
    );
  }
  if (/^account is disabled/i.test(serverText)) {
    return new ConsoleError('account-disabled', 'This account is disabled. Ask your Central Command administrator to enable it.', details);
  }
  if (/^invalid totp code/i.test(serverText)) {
    return new ConsoleError('mfa-invalid', 'That code was not accepted. Enter the current 6-digit code from your authenticator app, or a backup code.', details);
  }
  if (/^(invalid or expired mfa token|mfa token has expired)/i.test(serverText)) {
    return new ConsoleError('mfa-expired', 'The two-step sign-in expired before it was completed. Sign in again with your password.', details);
  }
  // "MFA not configured" at verify-totp, or the login message for an account that must enrol first.
  if (/\b(mfa|2fa|two-factor|totp)\b/i.test(serverText) && /(set ?up|enrol|enroll|configur|not enabled|required)/i.test(serverText)) {
    return new ConsoleError(
      'mfa-setup-required',
      'This account must set up two-factor authentication first. Do that in the Central Command web dashboard, then sign in here.',
      details,
    );
  }
  return new ConsoleError(
    'forbidden',
    serverText ? `Central Command did not accept the sign-in: ${serverText}` : 'Central Command did not accept the sign-in and gave no reason.',
    details,
  );
}
