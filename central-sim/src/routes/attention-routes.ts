import { latestCheckin, liveStatus, storedStatus } from '../fleet/live-status.ts';
import type { Site } from '../fleet/model.ts';
import { jsonResponse } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import { createRng } from '../random.ts';
import type { SimState } from '../state.ts';
import { pythonIsoformat } from '../timestamps.ts';
import { complianceScore } from './fleet-routes.ts';
import { requireAuth } from './require-auth.ts';
import { visibleSites } from './scope.ts';

const DAY_MS = 86_400_000;
const CHECK_TYPES = ['windows_update', 'defender_status', 'backup_verify', 'audit_logging', 'firewall_profile', 'bitlocker_status'] as const;
/** A site with this many incidents in 24 h shows as a repeat failure. */
const REPEAT_THRESHOLD = 4;

type Item = { type: 'l3_escalation' | 'repeat_failure' | 'offline_appliance'; severity: 'critical' | 'warning'; title: string; site_id: string; clinic_name: string; detail: string; timestamp: string | null; incident_id: string | null };

/**
 * GET /api/dashboard/attention-required: unresolved L3 escalations (critical), sites with repeated failures
 * (warning) and offline appliances (warning), for the sites in the user's org scope; critical first, newest first.
 */
export function attentionRequired(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const now = state.clock.now();
  const items: Item[] = [];
  for (const site of visibleSites(state, user)) {
    const clinicName = site.clinicName ?? site.siteId;
    const rng = createRng(state.fleet.seed, `attention:${site.siteId}`);
    const incidentAt = site.healing.lastIncidentMs ?? now - DAY_MS;
    for (let i = 0; i < site.healing.l3Escalated; i++) {
      const check = rng.pick(CHECK_TYPES);
      items.push({ type: 'l3_escalation', severity: 'critical', title: `L3 escalation: ${check}`, site_id: site.siteId, clinic_name: clinicName, detail: `${check} could not be auto-remediated and needs a human`, timestamp: pythonIsoformat(incidentAt - i * 3_600_000), incident_id: rng.uuid() });
    }
    if (site.healing.incidents24h >= REPEAT_THRESHOLD) {
      const check = rng.pick(CHECK_TYPES);
      items.push({ type: 'repeat_failure', severity: 'warning', title: `Repeated failure: ${check}`, site_id: site.siteId, clinic_name: clinicName, detail: `${site.healing.incidents24h} incidents in the last 24 hours`, timestamp: pythonIsoformat(incidentAt), incident_id: rng.uuid() });
    }
    for (const appliance of site.appliances) {
      if (liveStatus(appliance.lastCheckinMs, appliance.authFailureCount, now) !== 'offline') continue;
      items.push({ type: 'offline_appliance', severity: 'warning', title: `Appliance offline: ${appliance.hostname}`, site_id: site.siteId, clinic_name: clinicName, detail: `No check-in since ${pythonIsoformat(appliance.lastCheckinMs!)}`, timestamp: pythonIsoformat(appliance.lastCheckinMs!), incident_id: null });
    }
  }
  const rank = (item: Item) => (item.severity === 'critical' ? 0 : 1);
  items.sort((a, b) => rank(a) - rank(b) || (b.timestamp ?? '').localeCompare(a.timestamp ?? ''));
  const count = (type: Item['type']) => items.filter((item) => item.type === type).length;
  return jsonResponse(200, { count: items.length, l3_count: count('l3_escalation'), repeat_count: count('repeat_failure'), offline_count: count('offline_appliance'), items });
}

/** GET /api/dashboard/fleet-posture: one row per site in scope, worst compliance first. */
export function fleetPosture(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const now = state.clock.now();
  const rows = visibleSites(state, user).map((site) => postureRow(site, now, state.fleet.seed));
  rows.sort((a, b) => a.compliance_score - b.compliance_score || a.site_id.localeCompare(b.site_id));
  return jsonResponse(200, rows);
}

function postureRow(site: Site, now: number, seed: number) {
  const last = latestCheckin(site.appliances.map((a) => a.lastCheckinMs));
  const h = site.healing;
  const rng = createRng(seed, `posture:${site.siteId}`);
  const l1 = Math.min(h.incidents24h, Math.round(h.incidents24h * 0.7));
  const l3 = Math.min(h.incidents24h - l1, h.l3Escalated);
  const unresolved = Math.max(h.l3Escalated, rng.int(0, Math.min(3, h.incidents24h)));
  return {
    site_id: site.siteId,
    clinic_name: site.clinicName ?? site.siteId,
    appliance_count: site.appliances.length,
    online_count: site.appliances.filter((a) => storedStatus(a.lastCheckinMs, now) === 'online').length,
    last_checkin: last === null ? null : pythonIsoformat(last),
    incidents_24h: h.incidents24h,
    unresolved,
    l3_unresolved: h.l3Escalated,
    l1_24h: l1,
    l2_24h: h.incidents24h - l1 - l3,
    l3_24h: l3,
    // A float on the wire even for whole numbers (Python float → `100.0`; JSON.stringify drops the `.0`).
    compliance_score: complianceScore(site),
    trend: site.compliance.hasData ? rng.weighted([['stable', 60], ['improving', 25], ['declining', 15]] as const) : 'stable',
  };
}
