import { starletteError } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import type { SimState } from '../state.ts';
import { login, logout, me, verifyTotp } from './auth-routes.ts';
import { attentionRequired, fleetPosture } from './attention-routes.ts';
import { complianceHealth } from './compliance-health-routes.ts';
import { fleetClientAppliances, fleetClientDetail } from './fleet-detail-routes.ts';
import { fleetOverview, globalStats } from './fleet-routes.ts';
import { incidentDetail, listIncidents } from './incident-routes.ts';
import { statusRollup } from './rollup-routes.ts';
import { siteAppliances, siteDetail } from './site-detail-routes.ts';
import { listSites } from './sites-routes.ts';

export type Handler = (request: SimRequest, state: SimState) => SimResponse | Promise<SimResponse>;

/**
 * The Central Command endpoints the simulator implements. FastAPI GET routes do not answer HEAD (405).
 * `{name}` matches one path segment, as FastAPI's default `str` path parameter does.
 */
const ROUTES: readonly { method: string; path: string; handler: Handler }[] = [
  { method: 'POST', path: '/api/auth/login', handler: login },
  { method: 'POST', path: '/api/auth/verify-totp', handler: verifyTotp },
  { method: 'GET', path: '/api/auth/me', handler: me },
  { method: 'POST', path: '/api/auth/logout', handler: logout },
  { method: 'GET', path: '/api/dashboard/fleet', handler: fleetOverview },
  { method: 'GET', path: '/api/dashboard/fleet/{site_id}', handler: fleetClientDetail },
  { method: 'GET', path: '/api/dashboard/fleet/{site_id}/appliances', handler: fleetClientAppliances },
  { method: 'GET', path: '/api/dashboard/fleet-posture', handler: fleetPosture },
  { method: 'GET', path: '/api/dashboard/attention-required', handler: attentionRequired },
  { method: 'GET', path: '/api/dashboard/sites/{site_id}/compliance-health', handler: complianceHealth },
  { method: 'GET', path: '/api/dashboard/stats', handler: globalStats },
  { method: 'GET', path: '/api/dashboard/incidents', handler: listIncidents },
  { method: 'GET', path: '/api/dashboard/incidents/{incident_id}', handler: incidentDetail },
  { method: 'GET', path: '/api/sites', handler: listSites },
  { method: 'GET', path: '/api/sites/{site_id}', handler: siteDetail },
  { method: 'GET', path: '/api/sites/{site_id}/appliances', handler: siteAppliances },
  { method: 'GET', path: '/api/appliances/status-rollup', handler: statusRollup },
];

/** The path parameters when `path` matches the route template, else null. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (part !== got[i]) return null;
      continue;
    }
    if (got[i] === '') return null;
    try {
      params[name] = decodeURIComponent(got[i]!);
    } catch {
      return null;
    }
  }
  return params;
}

/** A handler, or Starlette's answer when none matches: 405 (+ Allow), a 307 slash redirect, or 404. */
export function resolveRoute(request: SimRequest, origin: string): Handler | SimResponse {
  const samePath = ROUTES.flatMap((route) => {
    const params = matchPath(route.path, request.path);
    return params === null ? [] : [{ route, params }];
  });
  const match = samePath.find(({ route }) => route.method === request.method);
  if (match) return (req, state) => match.route.handler({ ...req, params: match.params }, state);
  if (samePath.length > 0) return starletteError(405, { Allow: samePath.map(({ route }) => route.method).join(', ') });
  const alternative = request.path.endsWith('/') ? request.path.slice(0, -1) : `${request.path}/`;
  if (ROUTES.some((route) => route.method === request.method && matchPath(route.path, alternative) !== null)) {
    const query = request.query.toString();
    return { status: 307, headers: { Location: `${origin}${alternative}${query ? `?${query}` : ''}` }, cookies: [] };
  }
  return starletteError(404);
}
