import { resolveRoute } from '../routes/router.ts';
import type { SimState } from '../state.ts';
import { CSRF_COOKIE, csrfCookie } from './cookies.ts';
import { preflight, withCorsHeaders } from './cors.ts';
import { SAFE_METHODS, csrfFailure, isCsrfExempt } from './csrf.ts';
import { HttpError, internalServerError } from './errors.ts';
import { applyEtag, serializeBody } from './etag.ts';
import { AUTH_LIMIT_DETAIL, AUTH_PATHS, GENERAL_LIMIT_DETAIL, rateLimitKey, tooManyRequests } from './rate-limit.ts';
import { header, type SimRequest, type SimResponse } from './types.ts';

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/**
 * One API request through the real server's middleware stack, outermost first:
 * CSRF → security headers → rate limit → ETag → CORS → routes. The order matters to clients: a mutation
 * without a valid CSRF pair is refused before it counts against the rate limit; a 304 carries the CSRF
 * cookie and security headers but not the CORS headers.
 */
export async function handleApiRequest(request: SimRequest, state: SimState, origin: string): Promise<{ response: SimResponse; body: Buffer | null }> {
  const safe = SAFE_METHODS.has(request.method);
  if (!safe && !isCsrfExempt(request.path) && !state.csrf.verify(request.cookies.get(CSRF_COOKIE), header(request, 'x-csrf-token'))) {
    // The CSRF middleware is the outermost layer: its refusal carries no security headers.
    const refusal = csrfFailure();
    return { response: refusal, body: serializeBody(refusal) };
  }
  if (!safe) {
    const auth = AUTH_PATHS.has(request.path);
    const retryAfter = (auth ? state.authLimiter : state.generalLimiter).check(`${auth ? 'auth:' : ''}${rateLimitKey(request)}`, state.clock.now());
    if (retryAfter !== null) return finish(tooManyRequests(auth ? AUTH_LIMIT_DETAIL : GENERAL_LIMIT_DETAIL, retryAfter));
  }
  const routed = withCorsHeaders(request, preflight(request) ?? (await dispatch(request, state, origin)));
  const { response, body } = applyEtag(request, routed, serializeBody(routed));
  if (safe && !request.cookies.get(CSRF_COOKIE)) response.cookies = [...response.cookies, csrfCookie(state.csrf.issue())];
  return { response: { ...response, headers: { ...SECURITY_HEADERS, ...response.headers } }, body };
}

async function dispatch(request: SimRequest, state: SimState, origin: string): Promise<SimResponse> {
  const resolved = resolveRoute(request, origin);
  if (typeof resolved !== 'function') return resolved;
  try {
    return await resolved(request, state);
  } catch (error) {
    if (error instanceof HttpError) return error.response;
    console.error('central-sim: handler failed', error);
    return internalServerError();
  }
}

function finish(response: SimResponse): { response: SimResponse; body: Buffer | null } {
  return { response: { ...response, headers: { ...SECURITY_HEADERS, ...response.headers } }, body: serializeBody(response) };
}
