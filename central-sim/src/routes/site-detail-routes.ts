import { jsonResponse } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import type { Site } from '../fleet/model.ts';
import { createRng, type Rng } from '../random.ts';
import { CLINIC_CITIES, STREET_NAMES } from '../fleet/names.ts';
import type { SimState } from '../state.ts';
import { pythonIsoformat } from '../timestamps.ts';
import { siteApplianceRow, siteSubnetMajority } from './appliance-rows.ts';
import { requireAuth } from './require-auth.ts';
import { orgNameOf, scopedSite } from './scope.ts';
import { siteRow } from './sites-routes.ts';

const DAY_MS = 86_400_000;
const CREDENTIAL_TYPES = ['domain_admin', 'local_admin', 'ssh_key', 'snmp', 'winrm'] as const;

/**
 * GET /api/sites/{site_id}: the /api/sites row widened with contact, WireGuard, maintenance and credential data.
 * Credentials carry host/username/domain but never a password (as the real handler); sensitive all the same.
 */
export function siteDetail(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const site = scopedSite(state, user, request.params?.site_id);
  const now = state.clock.now();
  const row = siteRow(site, orgNameOf(state, site), now);
  const rng = createRng(state.fleet.seed, `site-detail:${site.siteId}`);
  const created = row.created_at ?? pythonIsoformat(state.fleet.generatedAtMs - rng.int(1, 30) * DAY_MS);
  const credentials = generateCredentials(state.fleet.seed, site, state.fleet.generatedAtMs);
  const inMaintenance = rng.chance(0.05);
  const majority = siteSubnetMajority(site);
  return jsonResponse(200, {
    site_id: row.site_id,
    clinic_name: row.clinic_name,
    contact_name: null,
    contact_email: null,
    contact_phone: null,
    address: clinicAddress(createRng(state.fleet.seed, `site-address:${site.siteId}`)),
    notes: site.notes,
    tier: row.tier,
    healing_tier: rng.weighted([['standard', 70], ['full_coverage', 30]] as const),
    status: row.status,
    live_status: row.live_status,
    onboarding_stage: row.onboarding_stage,
    created_at: created,
    updated_at: row.updated_at,
    last_checkin: row.last_checkin,
    appliance_count: row.appliance_count,
    timestamps: { created_at: created, shipped_at: null, received_at: null, connectivity_at: row.created_at, active_at: row.created_at },
    client_org_id: row.client_org_id,
    org_name: row.org_name,
    wg_ip: site.appliances.length === 0 ? null : `10.100.${rng.int(0, 254)}.${rng.int(2, 250)}`,
    wg_connected_at: row.last_checkin,
    maintenance_until: inMaintenance ? pythonIsoformat(Math.floor(now / 3_600_000) * 3_600_000 + 4 * 3_600_000) : null,
    maintenance_reason: inMaintenance ? 'Scheduled server replacement' : null,
    maintenance_set_by: inMaintenance ? 'admin' : null,
    appliances: site.appliances.map((appliance) => siteApplianceRow(state.fleet.seed, site, appliance, now, majority)),
    credentials: credentials.map(({ password: _password, ...visible }) => visible),
    stale_credentials_count: credentials.filter((credential) => credential.is_stale).length,
    credential_health: credentials.map((credential) => ({
      name: credential.credential_name,
      type: credential.credential_type,
      sensor_deployed: credential.credential_type === 'domain_admin',
      last_scan_at: credential.is_stale ? null : row.last_checkin,
      status: credential.is_stale ? 'stale' : 'ok',
    })),
  });
}

/** site_credentials rows (the simulator keeps a password so the route visibly has to drop it). */
function generateCredentials(seed: number, site: Site, insertedAtMs: number) {
  const rng = createRng(seed, `credentials:${site.siteId}`);
  const count = site.appliances.length === 0 ? 0 : rng.int(0, 4);
  return Array.from({ length: count }, (_, index) => {
    const type = rng.pick(CREDENTIAL_TYPES);
    return {
      id: rng.uuid(),
      credential_type: type,
      credential_name: `${type.replace('_', ' ')} ${index + 1}`,
      host: `10.${rng.int(0, 254)}.${rng.int(0, 254)}.${rng.int(2, 250)}`,
      username: type === 'snmp' ? 'public' : rng.pick(['administrator', 'svc-osiris', 'itadmin']),
      domain: type === 'domain_admin' ? 'CLINIC.LOCAL' : null,
      created_at: pythonIsoformat(site.appliances[0]?.firstCheckinMs ?? insertedAtMs),
      is_stale: rng.chance(0.2),
      password: rng.hex(16),
    };
  });
}

/** GET /api/sites/{site_id}/appliances: {site_id, appliances, count, site_subnet_majority}. */
export function siteAppliances(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const site = scopedSite(state, user, request.params?.site_id);
  const now = state.clock.now();
  const majority = siteSubnetMajority(site);
  const appliances = site.appliances.map((appliance) => siteApplianceRow(state.fleet.seed, site, appliance, now, majority));
  return jsonResponse(200, { site_id: site.siteId, appliances, count: appliances.length, site_subnet_majority: majority });
}

/** A street address most sites have (a few were never filled in), ending in city, state and ZIP. */
function clinicAddress(rng: Rng): string | null {
  if (rng.chance(0.08)) return null;
  const [city, stateCode, zip] = rng.pick(CLINIC_CITIES);
  return `${rng.int(10, 9999)} ${rng.pick(STREET_NAMES)}, ${city}, ${stateCode}${zip ? ` ${zip}` : ''}`;
}
