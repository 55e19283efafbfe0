import type { LoginOutcome } from '../auth/login.ts';
import { clearedSessionCookie, sessionCookie } from '../http/cookies.ts';
import { httpException, jsonResponse, validationError } from '../http/errors.ts';
import { header, type SimRequest, type SimResponse } from '../http/types.ts';
import { validateStringModel } from '../http/validation.ts';
import type { SimState } from '../state.ts';
import { sessionToken } from './require-auth.ts';

/** /api/auth/*: login and verify-totp always answer 200 with a LoginResponse; the token travels only in Set-Cookie. */

export function login(request: SimRequest, state: SimState): SimResponse {
  const { values, issues } = validateStringModel(request, ['username', 'password'] as const);
  if (!values) return validationError(issues);
  const outcome = state.authenticator.login(values.username, values.password, state.clock.now(), request.clientIp, header(request, 'user-agent') ?? null);
  return loginResponse(outcome);
}

export function verifyTotp(request: SimRequest, state: SimState): SimResponse {
  const { values, issues } = validateStringModel(request, ['mfa_token', 'totp_code'] as const);
  if (!values) return validationError(issues);
  const outcome = state.authenticator.verifyTotp(values.mfa_token, values.totp_code, state.clock.now(), request.clientIp, header(request, 'user-agent') ?? null);
  return loginResponse(outcome);
}

/** LoginResponse serialises all three fields, nulls included, in model order. */
function loginResponse(outcome: LoginOutcome): SimResponse {
  switch (outcome.kind) {
    case 'success': {
      const response = jsonResponse(200, { success: true, user: outcome.user, error: null });
      response.cookies.push(sessionCookie(outcome.token));
      return response;
    }
    case 'mfa_required':
      return jsonResponse(200, { success: false, user: { mfa_token: outcome.mfaToken }, error: 'mfa_required' });
    case 'failure':
      return jsonResponse(200, { success: false, user: null, error: outcome.error });
  }
}

/** GET /api/auth/me: its own 401 text for a missing token ("No token provided"), unlike require_auth. */
export function me(request: SimRequest, state: SimState): SimResponse {
  const token = sessionToken(request);
  if (!token) return httpException(401, 'No token provided');
  const user = state.sessions.validate(token, state.clock.now());
  if (!user) return httpException(401, 'Invalid or expired token');
  return jsonResponse(200, { id: user.id, username: user.username, displayName: user.displayName, role: user.role });
}

/** POST /api/auth/logout: {success} (false for an unknown token), always clears the cookie; 401 only without a token. */
export function logout(request: SimRequest, state: SimState): SimResponse {
  const token = sessionToken(request);
  if (!token) return httpException(401, 'No token provided');
  const response = jsonResponse(200, { success: state.sessions.delete(token) });
  response.cookies.push(clearedSessionCookie());
  return response;
}
