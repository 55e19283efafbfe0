import { httpException, jsonResponse, validationError, HttpError } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import { validateQuery } from '../http/validation.ts';
import { TIERS } from '../incidents/store.ts';
import type { Rng } from '../random.ts';
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
  const filter = { siteIndex, visible, tier: tier === null ? null : tier <= 0 ? -1 : tier, resolved: values.resolved as boolean | null };
  const offset = values.offset as number;
  const limit = values.limit as number;
  const tieOrder = state.incidentTieOrder;
  let rows: number[];
  if (tieOrder === null) rows = store.page(filter, offset, limit);
  else {
    // The page cut from a window around it whose tied runs are shuffled: the rows at each position are still a
    // permutation of those tied there, so only the order among equal reported_at changes from request to request.
    const before = Math.min(offset, TIE_WINDOW_ROWS);
    const window = store.page(filter, offset - before, before + limit + TIE_WINDOW_ROWS);
    shuffleTies(window, (row) => state.incidentRows.reportedAtMs(store.record(row)), tieOrder);
    rows = window.slice(before, before + limit);
  }
  return { status: 200, text: state.incidentListText.page(rows), contentType: 'application/json', headers: {}, cookies: [] };
}

/** Rows either side of a page whose ties are shuffled with it. */
const TIE_WINDOW_ROWS = 200;

/** Shuffles each run of equal keys in place (Fisher–Yates within the run). */
function shuffleTies(rows: number[], keyOf: (row: number) => number, rng: Rng): void {
  const keys = rows.map(keyOf);
  for (let start = 0; start < rows.length; ) {
    let end = start + 1;
    while (end < rows.length && keys[end] === keys[start]) end++;
    for (let index = end - 1; index > start; index--) {
      const other = start + Math.floor(rng.next() * (index - start + 1));
      [rows[index], rows[other]] = [rows[other]!, rows[index]!];
    }
    start = end;
  }
}

/** GET /api/dashboard/incidents/{incident_id}: IncidentDetail; an unknown, malformed or out-of-scope id is a 404. */
export function incidentDetail(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const row = state.incidents.rowOf(request.params?.incident_id ?? '');
  const record = row === null ? null : state.incidents.record(row);
  if (record === null || !inScope(user, record.site)) throw new HttpError(httpException(404, 'Incident not found'));
  return jsonResponse(200, state.incidentRows.detail(record, state.clock.now()));
}
