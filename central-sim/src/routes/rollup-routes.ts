import { liveStatus } from '../fleet/live-status.ts';
import { jsonResponse, validationError } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import { validateQuery } from '../http/validation.ts';
import type { SimState } from '../state.ts';
import { pythonIsoformat } from '../timestamps.ts';
import { requireAuth } from './require-auth.ts';
import { scopedSite, visibleSites } from './scope.ts';

const VIEW_REFRESH_MS = 60_000;
const DAY_MS = 86_400_000;

type RollupRow = ReturnType<typeof rollupRow>;

/**
 * The real endpoint reads a materialized view refreshed every 60 s, so its rows lag a check-in (or an appliance
 * going offline) by up to a minute. The simulator snapshots the whole fleet once per minute of simulator time.
 */
const views = new WeakMap<SimState, { refreshedAtMs: number; rows: RollupRow[] }>();

function currentView(state: SimState): { refreshedAtMs: number; rows: RollupRow[] } {
  const refreshedAtMs = Math.floor(state.clock.now() / VIEW_REFRESH_MS) * VIEW_REFRESH_MS;
  const cached = views.get(state);
  if (cached && cached.refreshedAtMs === refreshedAtMs) return cached;
  const rows = state.fleet.sites.flatMap((site) => site.appliances.map((appliance) => rollupRow(site.siteId, appliance, refreshedAtMs)));
  const view = { refreshedAtMs, rows };
  views.set(state, view);
  return view;
}

function rollupRow(siteId: string, appliance: SimState['fleet']['sites'][number]['appliances'][number], at: number) {
  const last = appliance.lastCheckinMs;
  // Check-ins are once a minute: the covered minutes of the last 24 h are the check-ins counted.
  const windowStart = Math.max(at - DAY_MS, appliance.firstCheckinMs ?? at);
  const coveredMinutes = last === null ? 0 : Math.max(0, Math.floor((Math.min(last, at) - windowStart) / 60_000));
  const checkins = Math.min(1440, coveredMinutes);
  return {
    appliance_id: appliance.applianceId,
    site_id: siteId,
    hostname: appliance.hostname,
    display_name: appliance.displayName,
    mac_address: appliance.macAddress,
    ip_addresses: [...appliance.ipAddresses],
    agent_version: appliance.agentVersion,
    live_status: liveStatus(last, appliance.authFailureCount, at),
    last_checkin: last === null ? null : pythonIsoformat(last),
    last_heartbeat_at: last === null ? null : pythonIsoformat(last),
    stale_seconds: last === null ? null : Math.max(0, Math.floor((at - last) / 1000)),
    liveness_drift_seconds: 0,
    checkin_count_24h: checkins,
    online_count_24h: checkins,
    uptime_ratio_24h: Math.round((checkins / 1440) * 1000) / 1000,
  };
}

/** GET /api/appliances/status-rollup: site_id, status, limit 1..5000 (500); totals count only online/stale/offline. */
export function statusRollup(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const { values, issues } = validateQuery(request.query, [
    { name: 'site_id', kind: 'string', default: null },
    { name: 'status', kind: 'string', default: null },
    { name: 'limit', kind: 'int', default: 500, ge: 1, le: 5000 },
  ]);
  if (issues.length > 0) return validationError(issues);
  const siteIds = new Set(values.site_id === null ? visibleSites(state, user).map((site) => site.siteId) : [scopedSite(state, user, values.site_id as string).siteId]);
  const view = currentView(state);
  const rows = view.rows.filter((row) => siteIds.has(row.site_id) && (values.status === null || row.live_status === values.status));
  const totals = { online: 0, stale: 0, offline: 0 };
  for (const row of rows) if (row.live_status === 'online' || row.live_status === 'stale' || row.live_status === 'offline') totals[row.live_status]++;
  const page = rows.slice(0, values.limit as number);
  return jsonResponse(200, { appliances: page, count: page.length, totals, generated_at: pythonIsoformat(view.refreshedAtMs) });
}
