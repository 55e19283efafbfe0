import { liveStatus, storedStatus } from '../fleet/live-status.ts';
import type { Appliance, Site } from '../fleet/model.ts';
import { createRng } from '../random.ts';
import { pydanticIso, pythonIsoformat } from '../timestamps.ts';

/** The two appliance shapes of the real server: the Pydantic `Appliance` model (dashboard) and the sites API row. */

const iso = (ms: number | null, format: (ms: number) => string) => (ms === null ? null : format(ms));

/** Per-appliance facts the generator does not keep, derived from (seed, appliance id) so they never change. */
function extras(seed: number, appliance: Appliance) {
  const rng = createRng(seed, `appliance-extra:${appliance.applianceId}`);
  return {
    bootSource: rng.chance(0.1) ? null : rng.chance(0.08) ? 'live_usb' : 'installed_disk',
    l2Mode: rng.weighted([['auto', 70], ['primary', 15], ['disabled', 15]] as const),
    assignedTargets: rng.int(0, 40),
    missingAnycast: rng.chance(0.05),
    tier: rng.chance(0.2) ? 'premium' : 'standard',
  };
}

/** The `Appliance` Pydantic model (`Z` timestamps); `health` is never filled per appliance. */
export function dashboardAppliance(seed: number, site: Site, appliance: Appliance, now: number) {
  const extra = extras(seed, appliance);
  return {
    id: appliance.applianceId,
    site_id: site.siteId,
    hostname: appliance.hostname,
    ip_address: appliance.ipAddresses[0] ?? null,
    agent_version: appliance.agentVersion,
    tier: extra.tier,
    is_online: liveStatus(appliance.lastCheckinMs, appliance.authFailureCount, now) === 'online',
    last_checkin: iso(appliance.lastCheckinMs, pydanticIso),
    health: null,
    // Rows that never checked in still have a created_at: the row's insert time (the fleet's generation time).
    created_at: pydanticIso(appliance.firstCheckinMs ?? now),
    display_name: appliance.displayName,
    assigned_target_count: extra.assignedTargets,
    boot_source: extra.bootSource,
  };
}

/** `a.b.c.0/24` of an IPv4 address. */
function subnet24(ip: string): string {
  return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
}

/** The /24 most of the site's appliances report first (ties: the first seen); null when none reported an address. */
export function siteSubnetMajority(site: Site): string | null {
  const counts = new Map<string, number>();
  for (const appliance of site.appliances) {
    const ip = appliance.ipAddresses[0];
    if (ip !== undefined) counts.set(subnet24(ip), (counts.get(subnet24(ip)) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [net, count] of counts) if (best === null || count > counts.get(best)!) best = net;
  return best;
}

/** A row of GET /api/sites/{id}/appliances (and of the site detail's appliances[]): `+00:00` timestamps. */
export function siteApplianceRow(seed: number, site: Site, appliance: Appliance, now: number, majority: string | null) {
  const extra = extras(seed, appliance);
  const live = liveStatus(appliance.lastCheckinMs, appliance.authFailureCount, now);
  const observed = appliance.ipAddresses[0] === undefined ? null : subnet24(appliance.ipAddresses[0]);
  const drift = observed !== null && majority !== null && observed !== majority;
  const peers = site.appliances.filter((other) => other !== appliance).map((other) => other.macAddress);
  return {
    appliance_id: appliance.applianceId,
    hostname: appliance.hostname,
    display_name: appliance.displayName,
    mac_address: appliance.macAddress,
    ip_addresses: appliance.ipAddresses,
    agent_version: appliance.agentVersion,
    nixos_version: appliance.nixosVersion,
    status: live,
    stored_status: storedStatus(appliance.lastCheckinMs, now),
    live_status: live,
    first_checkin: iso(appliance.firstCheckinMs, pythonIsoformat),
    last_checkin: iso(appliance.lastCheckinMs, pythonIsoformat),
    uptime_seconds: appliance.uptimeSeconds,
    l2_mode: extra.l2Mode,
    offline_since: live === 'offline' ? iso(appliance.offlineSinceMs, pythonIsoformat) : null,
    mesh_peer_count: peers.length,
    mesh_ring_size: site.appliances.length,
    mesh_peer_macs: peers,
    assigned_target_count: extra.assignedTargets,
    network_anomaly:
      drift || extra.missingAnycast
        ? { subnet_drift: drift, missing_anycast: extra.missingAnycast, observed_subnet: observed, expected_subnet: majority, notes: drift ? [`appliance reports ${observed}, site majority is ${majority}`] : ['anycast address not bound'] }
        : null,
  };
}
