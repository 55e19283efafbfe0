import type { FleetEvent } from '../events.ts';
import { checkinPayload } from './event-payloads.ts';
import type { Appliance, Fleet, Site } from './model.ts';

const HOUR_MS = 3_600_000;

export function findAppliance(fleet: Fleet, applianceId: string): { site: Site; appliance: Appliance } | null {
  for (const site of fleet.sites) {
    const appliance = site.appliances.find((candidate) => candidate.applianceId === applianceId);
    if (appliance) return { site, appliance };
  }
  return null;
}

/**
 * Control API: the appliance is offline *now* (live_status "offline" needs a check-in ≥1 h old, so a more recent
 * one is moved back to exactly 1 h ago) and stops checking in until forced online. Auth failures are cleared so
 * the status is "offline", not "auth_failed".
 */
export function forceOffline(site: Site, appliance: Appliance, nowMs: number): FleetEvent {
  appliance.alive = false;
  appliance.heartbeatAgeMs = null;
  appliance.authFailureCount = 0;
  if (appliance.lastCheckinMs === null || appliance.lastCheckinMs > nowMs - HOUR_MS) appliance.lastCheckinMs = nowMs - HOUR_MS;
  appliance.firstCheckinMs ??= appliance.lastCheckinMs;
  appliance.offlineSinceMs = nowMs;
  return { type: 'appliance_checkin', payload: checkinPayload(site, appliance, nowMs), atMs: nowMs };
}

/** Control API: the appliance checks in now and keeps checking in (heartbeat age 0). */
export function forceOnline(site: Site, appliance: Appliance, nowMs: number): FleetEvent {
  appliance.alive = true;
  appliance.heartbeatAgeMs = 0;
  appliance.authFailureCount = 0;
  appliance.lastCheckinMs = nowMs;
  appliance.firstCheckinMs ??= nowMs;
  appliance.offlineSinceMs = null;
  if (site.status === 'pending') site.status = 'active';
  return { type: 'appliance_checkin', payload: checkinPayload(site, appliance, nowMs), atMs: nowMs };
}
