import { latestCheckin, checkinFreshness, storedStatus } from '../fleet/live-status.ts';
import { round1 } from '../fleet/generate.ts';
import { COMPLIANCE_CATEGORIES, type Site } from '../fleet/model.ts';
import { jsonResponse, validationError } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import { validateQuery } from '../http/validation.ts';
import { pydanticIso, pythonIsoformat } from '../timestamps.ts';
import type { SimState } from '../state.ts';
import { requireAuth } from './require-auth.ts';
import { visibleSites } from './scope.ts';

/**
 * GET /api/dashboard/fleet: a bare array of ClientOverview, newest check-in first (so a check-in moves a site
 * to the top and shifts later pages), with the real endpoint's quirks: `status` is never set (model default
 * "online"), client_org_id/org_name are never filled, `network` is never passed (0), connectivity.score is the
 * freshness alone, and online_count reads the stored appliance status, which lags live_status.
 */
export function fleetOverview(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const { values, issues } = validateQuery(request.query, [
    { name: 'limit', kind: 'int', default: 100, ge: 1, le: 500 },
    { name: 'offset', kind: 'int', default: 0, ge: 0 },
  ]);
  if (issues.length > 0) return validationError(issues);
  const now = state.clock.now();
  const ordered = visibleSites(state, user)
    .map((site, index) => ({ site, index, last: latestCheckin(site.appliances.map((a) => a.lastCheckinMs)) }))
    .sort((a, b) => (a.last === b.last ? a.index - b.index : a.last === null ? 1 : b.last === null ? -1 : b.last - a.last));
  const offset = values.offset as number;
  const page = ordered.slice(offset, offset + (values.limit as number));
  return jsonResponse(200, page.map(({ site, last }) => clientOverview(site, last, now)));
}

function clientOverview(site: Site, lastCheckinMs: number | null, now: number) {
  return {
    site_id: site.siteId,
    name: site.clinicName || site.siteId,
    status: 'online',
    client_org_id: null,
    org_name: null,
    appliance_count: site.appliances.length,
    online_count: site.appliances.filter((a) => storedStatus(a.lastCheckinMs, now) === 'online').length,
    health: siteHealth(site, lastCheckinMs, now),
    last_incident: site.healing.lastIncidentMs === null ? null : pydanticIso(site.healing.lastIncidentMs),
    incidents_24h: site.healing.incidents24h,
  };
}

/** HealthMetrics of a site: connectivity.score is the freshness alone (as on the real server). */
export function siteHealth(site: Site, lastCheckinMs: number | null, now: number) {
  const freshness = checkinFreshness(lastCheckinMs, now);
  const compliance = complianceMetrics(site);
  const status = freshness >= 80 && compliance.score >= 70 ? 'healthy' : freshness >= 50 || compliance.score >= 50 ? 'warning' : 'critical';
  return {
    connectivity: {
      checkin_freshness: freshness,
      healing_success_rate: site.healing.healingSuccessRate,
      order_execution_rate: site.healing.orderExecutionRate,
      score: freshness,
    },
    compliance,
    overall: freshness * 0.4 + compliance.score * 0.6,
    status,
  };
}

/** Category percentages and their mean; all zeros when the site has no check data yet. */
export function complianceScore(site: Site): number {
  if (!site.compliance.hasData) return 0;
  const values = COMPLIANCE_CATEGORIES.map((category) => site.compliance.categories[category]);
  return round1(values.reduce((sum, value) => sum + value, 0) / values.length);
}

export function complianceMetrics(site: Site) {
  const c = site.compliance.hasData ? site.compliance.categories : null;
  return {
    patching: c?.patching ?? 0,
    antivirus: c?.antivirus ?? 0,
    backup: c?.backup ?? 0,
    logging: c?.logging ?? 0,
    firewall: c?.firewall ?? 0,
    encryption: c?.encryption ?? 0,
    network: 0,
    score: complianceScore(site),
  };
}

/** GET /api/dashboard/stats: GlobalStats over the sites in the user's org scope (the whole fleet for global users); computed_at is the minute the figures belong to. */
export function globalStats(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const now = state.clock.now();
  const sites = visibleSites(state, user);
  const appliances = sites.flatMap((site) => site.appliances);
  const withData = sites.filter((site) => site.compliance.hasData);
  const withAppliances = sites.filter((site) => site.appliances.length > 0);
  const sum = (pick: (site: Site) => number) => sites.reduce((total, site) => total + pick(site), 0);
  const incidents30d = sum((site) => site.healing.incidents30d);
  const rate = (count: number) => (incidents30d === 0 ? 0 : round1((count / incidents30d) * 100));
  return jsonResponse(200, {
    total_clients: sites.length,
    total_appliances: appliances.length,
    online_appliances: appliances.filter((a) => storedStatus(a.lastCheckinMs, now) === 'online').length,
    avg_compliance_score: withData.length === 0 ? 0 : round1(withData.reduce((total, site) => total + complianceScore(site), 0) / withData.length),
    avg_connectivity_score:
      withAppliances.length === 0
        ? 0
        : round1(withAppliances.reduce((total, site) => total + checkinFreshness(latestCheckin(site.appliances.map((a) => a.lastCheckinMs)), now), 0) / withAppliances.length),
    incidents_24h: sum((site) => site.healing.incidents24h),
    incidents_7d: sum((site) => site.healing.incidents7d),
    incidents_30d: incidents30d,
    l1_resolution_rate: rate(sum((site) => site.healing.l1Resolved)),
    active_drift_checks: 47,
    total_go_agents: sum((site) => site.goAgentCount),
    l2_resolution_rate: rate(sum((site) => site.healing.l2Resolved)),
    l3_escalation_rate: rate(sum((site) => site.healing.l3Escalated)),
    active_threats: 0,
    computed_at: pythonIsoformat(Math.floor(now / 60_000) * 60_000),
  });
}
