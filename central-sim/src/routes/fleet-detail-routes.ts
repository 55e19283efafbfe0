import { latestCheckin } from '../fleet/live-status.ts';
import { jsonResponse } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import type { SimState } from '../state.ts';
import { dashboardAppliance } from './appliance-rows.ts';
import { complianceMetrics, siteHealth } from './fleet-routes.ts';
import { requireAuth } from './require-auth.ts';
import { scopedSite } from './scope.ts';

/**
 * GET /api/dashboard/fleet/{site_id}: ClientDetail. `recent_incidents` is always [] on the real server (the
 * handler never fills it), `tier` is the model default "standard" for sites without one.
 */
export function fleetClientDetail(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const site = scopedSite(state, user, request.params?.site_id);
  const now = state.clock.now();
  return jsonResponse(200, {
    site_id: site.siteId,
    name: site.clinicName || site.siteId,
    tier: site.tier ?? 'standard',
    appliances: site.appliances.map((appliance) => dashboardAppliance(state.fleet.seed, site, appliance, now)),
    health: siteHealth(site, latestCheckin(site.appliances.map((a) => a.lastCheckinMs)), now),
    recent_incidents: [],
    compliance_breakdown: complianceMetrics(site),
  });
}

/** GET /api/dashboard/fleet/{site_id}/appliances: a bare Appliance[]. */
export function fleetClientAppliances(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const site = scopedSite(state, user, request.params?.site_id);
  const now = state.clock.now();
  return jsonResponse(200, site.appliances.map((appliance) => dashboardAppliance(state.fleet.seed, site, appliance, now)));
}
