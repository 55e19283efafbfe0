import { httpException, jsonResponse, validationError, HttpError } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import { validateQuery } from '../http/validation.ts';
import { TIERS } from '../incidents/store.ts';
import type { SimState } from '../state.ts';
import { requireAuth } from './require-auth.ts';
import { inScope, scopedSite, visibleSites } from './scope.ts';

/**
 * GET /api/dashboard/incidents: a bare array of Incident, newest reported first, no total. `level` is compared
 * with resolution_tier as typed (so `level=manual` matches manual resolutions, whose resolution_level is null,
 * and `level=l1` matches nothing); a site_id outside the user's scope or unknown is the usual 404.
 */
export function listIncidents(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const { values, issues } = validateQuery(request.query, [
    { name: 'site_id', kind: 'string', default: null },
    { name: 'limit', kind: 'int', default: 50, ge: 1, le: 200 },
    { name: 'offset', kind: 'int', default: 0, ge: 0 },
    { name: 'level', kind: 'string', default: null },
    { name: 'resolved', kind: 'bool', default: null },
  ]);
  if (issues.length > 0) return validationError(issues);
  const store = state.incidents;
  const siteIndex = values.site_id === null ? null : store.siteIndexById(scopedSite(state, user, values.site_id as string).siteId);
  let visible: Uint8Array | null = null;
  if (user.orgScope !== null && siteIndex === null) {
    visible = new Uint8Array(state.fleet.sites.length);
    const allowed = new Set(visibleSites(state, user));
    state.fleet.sites.forEach((site, index) => (visible![index] = allowed.has(site) ? 1 : 0));
  }
  const tier = values.level === null ? null : TIERS.indexOf(values.level as (typeof TIERS)[number]);
  const rows = store.page({ siteIndex, visible, tier: tier === null ? null : tier <= 0 ? -1 : tier, resolved: values.resolved as boolean | null }, values.offset as number, values.limit as number);
  return jsonResponse(200, rows.map((row) => state.incidentRows.listRow(store.record(row))));
}

/** GET /api/dashboard/incidents/{incident_id}: IncidentDetail; an unknown, malformed or out-of-scope id is a 404. */
export function incidentDetail(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const row = state.incidents.rowOf(request.params?.incident_id ?? '');
  const record = row === null ? null : state.incidents.record(row);
  if (record === null || !inScope(user, record.site)) throw new HttpError(httpException(404, 'Incident not found'));
  return jsonResponse(200, state.incidentRows.detail(record, state.clock.now()));
}
