import { starletteError } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import type { SimState } from '../state.ts';
import { login, logout, me, verifyTotp } from './auth-routes.ts';
import { fleetOverview, globalStats } from './fleet-routes.ts';
import { listSites } from './sites-routes.ts';

export type Handler = (request: SimRequest, state: SimState) => SimResponse | Promise<SimResponse>;

/** The Central Command endpoints the simulator implements. FastAPI GET routes do not answer HEAD (405). */
const ROUTES: readonly { method: string; path: string; handler: Handler }[] = [
  { method: 'POST', path: '/api/auth/login', handler: login },
  { method: 'POST', path: '/api/auth/verify-totp', handler: verifyTotp },
  { method: 'GET', path: '/api/auth/me', handler: me },
  { method: 'POST', path: '/api/auth/logout', handler: logout },
  { method: 'GET', path: '/api/dashboard/fleet', handler: fleetOverview },
  { method: 'GET', path: '/api/dashboard/stats', handler: globalStats },
  { method: 'GET', path: '/api/sites', handler: listSites },
];

/** A handler, or Starlette's answer when none matches: 405 (+ Allow), a 307 slash redirect, or 404. */
export function resolveRoute(request: SimRequest, origin: string): Handler | SimResponse {
  const samePath = ROUTES.filter((route) => route.path === request.path);
  const match = samePath.find((route) => route.method === request.method);
  if (match) return match.handler;
  if (samePath.length > 0) return starletteError(405, { Allow: samePath.map((route) => route.method).join(', ') });
  const alternative = request.path.endsWith('/') ? request.path.slice(0, -1) : `${request.path}/`;
  if (ROUTES.some((route) => route.path === alternative && route.method === request.method)) {
    const query = request.query.toString();
    return { status: 307, headers: { Location: `${origin}${alternative}${query ? `?${query}` : ''}` }, cookies: [] };
  }
  return starletteError(404);
}
