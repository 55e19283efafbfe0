import { latestCheckin, liveStatus, storedStatus, type LiveStatus } from '../fleet/live-status.ts';
import type { Site } from '../fleet/model.ts';
import { jsonResponse, validationError } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import { validateQuery } from '../http/validation.ts';
import { pythonIsoformat } from '../timestamps.ts';
import type { SimState } from '../state.ts';
import { requireAuth } from './require-auth.ts';
import { visibleSites } from './scope.ts';

type SiteRow = Record<string, string | number | null>;

/**
 * GET /api/sites, as the real handler does it: only sites with at least one appliance and not 'inactive'
 * (so its total differs from the fleet endpoint's site count), search by ILIKE (so `%` and `_` in the search
 * text are wildcards), stats counted before the status filter, then a stable sort and a slice.
 */
export function listSites(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const { values, issues } = validateQuery(request.query, [
    { name: 'status', kind: 'string', default: null, pattern: '^(online|offline|stale|pending)$' },
    { name: 'search', kind: 'string', default: null, minLength: 1, maxLength: 200 },
    { name: 'sort_by', kind: 'string', default: 'clinic_name', pattern: '^(clinic_name|site_id|last_checkin|tier|onboarding_stage|appliance_count|org_name)$' },
    { name: 'sort_dir', kind: 'string', default: 'asc', pattern: '^(asc|desc)$' },
    { name: 'limit', kind: 'int', default: 25, ge: 1, le: 500 },
    { name: 'offset', kind: 'int', default: 0, ge: 0 },
  ]);
  if (issues.length > 0) return validationError(issues);
  const now = state.clock.now();
  const orgNames = new Map(state.fleet.orgs.map((org) => [org.id, org.name]));
  const matcher = values.search === null ? null : ilikeContains(values.search as string);
  const stats: Record<LiveStatus, number> = { online: 0, stale: 0, offline: 0, pending: 0, auth_failed: 0 };
  const rows: SiteRow[] = [];
  for (const site of visibleSites(state, user)) {
    if (site.status === 'inactive' || site.appliances.length === 0) continue;
    const orgName = site.clientOrgId === null ? null : (orgNames.get(site.clientOrgId) ?? null);
    if (matcher && !matcher(site.clinicName) && !matcher(site.siteId) && !matcher(orgName)) continue;
    const row = siteRow(site, orgName, now);
    stats[row.live_status as LiveStatus]++;
    if (values.status !== null && row.live_status !== values.status) continue;
    rows.push(row);
  }
  sortRows(rows, values.sort_by as string, values.sort_dir === 'desc');
  const offset = values.offset as number;
  const page = rows.slice(offset, offset + (values.limit as number));
  return jsonResponse(200, { sites: page, count: page.length, total: rows.length, limit: values.limit, offset, stats });
}

export function siteRow(site: Site, orgName: string | null, now: number): SiteRow {
  const last = latestCheckin(site.appliances.map((a) => a.lastCheckinMs));
  const first = site.appliances.reduce<number | null>((min, a) => (a.firstCheckinMs !== null && (min === null || a.firstCheckinMs < min) ? a.firstCheckinMs : min), null);
  const maxAuthFailures = Math.max(0, ...site.appliances.map((a) => a.authFailureCount));
  // `status` aggregates the stored (swept) appliance statuses; `live_status` is computed now. They can disagree.
  const stored = new Set(site.appliances.map((a) => storedStatus(a.lastCheckinMs, now)));
  return {
    site_id: site.siteId,
    clinic_name: site.clinicName ?? pythonTitle(site.siteId.replaceAll('-', ' ')),
    contact_name: null,
    contact_email: null,
    tier: site.tier ?? 'standard',
    status: stored.has('online') ? 'online' : stored.has('stale') ? 'stale' : 'offline',
    live_status: liveStatus(last, maxAuthFailures, now),
    onboarding_stage: site.onboardingStage ?? 'active',
    created_at: first === null ? null : pythonIsoformat(first),
    updated_at: last === null ? null : pythonIsoformat(last),
    last_checkin: last === null ? null : pythonIsoformat(last),
    appliance_count: site.appliances.length,
    client_org_id: site.clientOrgId,
    org_name: orgName,
  };
}

/** Python's list.sort(key=…, reverse=…): stable, None → '', strings by code unit (so 'Z' < 'a'). */
function sortRows(rows: SiteRow[], sortBy: string, descending: boolean): void {
  const key = (row: SiteRow) => row[sortBy] ?? '';
  rows.sort((a, b) => {
    const left = key(a);
    const right = key(b);
    const order = left < right ? -1 : left > right ? 1 : 0;
    return descending ? -order : order;
  });
}

/** `ILIKE '%' || search || '%'`: `%` and `_` typed by the user act as wildcards, `\` escapes. */
export function ilikeContains(search: string): (value: string | null) => boolean {
  let pattern = '';
  const chars = [...search];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '\\' && i + 1 < chars.length) pattern += escapeRegExp(chars[++i]!);
    else if (char === '%') pattern += '.*';
    else if (char === '_') pattern += '.';
    else pattern += escapeRegExp(char);
  }
  const regex = new RegExp(pattern, 'isu');
  return (value) => value !== null && regex.test(value);
}

/** Only syntax characters: in a `u` regex, escaping anything else (e.g. `-`) is an error. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** str.title(): a letter is upper-cased when the character before it is not a letter ("3fa2" → "3Fa2"). */
export function pythonTitle(text: string): string {
  let out = '';
  let previousIsLetter = false;
  for (const char of text) {
    const isLetter = /\p{L}/u.test(char);
    out += isLetter ? (previousIsLetter ? char.toLowerCase() : char.toUpperCase()) : char;
    previousIsLetter = isLetter;
  }
  return out;
}
