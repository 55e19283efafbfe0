import type { SessionUser } from '../auth/sessions.ts';
import type { Site } from '../fleet/model.ts';
import { HttpError, httpException } from '../http/errors.ts';
import type { SimState } from '../state.ts';

/**
 * org_scope: a user with admin_org_assignments rows sees only sites of those client orgs; no rows = global.
 * An out-of-scope site answers exactly like an unknown one (404), so its existence is not revealed.
 */
export function visibleSites(state: SimState, user: SessionUser): Site[] {
  if (user.orgScope === null) return state.fleet.sites;
  const scope = new Set(user.orgScope);
  return state.fleet.sites.filter((site) => site.clientOrgId !== null && scope.has(site.clientOrgId));
}

export function inScope(user: SessionUser, site: Site): boolean {
  return user.orgScope === null || (site.clientOrgId !== null && user.orgScope.includes(site.clientOrgId));
}

/** The site named by a path/query parameter, or the real server's 404 body {"error":"Site not found","status_code":404}. */
export function scopedSite(state: SimState, user: SessionUser, siteId: string | undefined): Site {
  const site = siteId === undefined ? undefined : state.fleet.sites.find((candidate) => candidate.siteId === siteId);
  if (!site || !inScope(user, site)) throw new HttpError(httpException(404, 'Site not found'));
  return site;
}

export function orgNameOf(state: SimState, site: Site): string | null {
  if (site.clientOrgId === null) return null;
  return state.fleet.orgs.find((org) => org.id === site.clientOrgId)?.name ?? null;
}
