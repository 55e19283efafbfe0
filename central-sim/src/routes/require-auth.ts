import type { SessionUser } from '../auth/sessions.ts';
import { SESSION_COOKIE } from '../http/cookies.ts';
import { HttpError, httpException } from '../http/errors.ts';
import { header, type SimRequest } from '../http/types.ts';
import type { SimState } from '../state.ts';

/** The cookie wins over the Authorization header: a stale cookie plus a valid Bearer is a 401, as on the real server. */
export function sessionToken(request: SimRequest): string | null {
  const cookie = request.cookies.get(SESSION_COOKIE);
  if (cookie) return cookie;
  const authorization = header(request, 'authorization') ?? '';
  return authorization.startsWith('Bearer ') && authorization.length > 7 ? authorization.slice(7) : null;
}

/** require_auth: any role; 401 "Authentication required" without a token, "Invalid or expired token" otherwise. */
export function requireAuth(request: SimRequest, state: SimState): SessionUser {
  const token = sessionToken(request);
  if (!token) throw new HttpError(httpException(401, 'Authentication required'));
  const user = state.sessions.validate(token, state.clock.now());
  if (!user) throw new HttpError(httpException(401, 'Invalid or expired token'));
  return user;
}
