import type { SimRequest, SimResponse } from './types.ts';
import { header } from './types.ts';

/**
 * CORSMiddleware as configured in production: only the two web origins, with credentials. A desktop client's
 * renderer is not among them, which is why HTTP belongs in the main process.
 */
const ALLOWED_ORIGINS = new Set(['https://dashboard.osiriscare.net', 'https://portal.osiriscare.net']);
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, PATCH, OPTIONS';
const ALLOWED_HEADERS = 'Accept, Accept-Language, Content-Language, Content-Type, Authorization, X-API-Key, X-Site-ID, X-CSRF-Token';

/** A preflight gets its answer here; null means the request goes on to the routes. */
export function preflight(request: SimRequest): SimResponse | null {
  const origin = header(request, 'origin');
  if (request.method !== 'OPTIONS' || !origin || !header(request, 'access-control-request-method')) return null;
  if (!ALLOWED_ORIGINS.has(origin)) {
    return { status: 400, text: 'Disallowed CORS origin', contentType: 'text/plain; charset=utf-8', headers: {}, cookies: [] };
  }
  return {
    status: 200,
    text: 'OK',
    contentType: 'text/plain; charset=utf-8',
    headers: {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    },
    cookies: [],
  };
}

export function withCorsHeaders(request: SimRequest, response: SimResponse): SimResponse {
  const origin = header(request, 'origin');
  if (!origin || !ALLOWED_ORIGINS.has(origin)) return response;
  return { ...response, headers: { ...response.headers, 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } };
}
