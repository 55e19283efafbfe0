import type { ClientOverview, GlobalStats, SiteRow } from '#shared/fleet/index.ts';
import type { FleetStats } from '#shared/fleet/index.ts';
import type { SiteHealthRecord, SiteRecord } from '../cache/records.ts';

// How each endpoint's rows become cache records. Values are kept as the server sent them (scores,
// live_status, health status): the console shows, it never recomputes.

export function toSiteRecord(row: SiteRow): SiteRecord {
  return {
    siteId: row.site_id,
    clinicName: row.clinic_name,
    orgId: row.client_org_id,
    orgName: row.org_name,
    liveStatus: row.live_status,
    tier: row.tier,
    applianceCount: row.appliance_count,
    lastCheckin: row.last_checkin,
    raw: JSON.stringify(row),
  };
}

export function toSiteHealthRecord(overview: ClientOverview): SiteHealthRecord {
  return {
    siteId: overview.site_id,
    onlineCount: overview.online_count,
    healthOverall: overview.health.overall,
    healthStatus: overview.health.status,
    incidents24h: overview.incidents_24h,
    raw: JSON.stringify(overview),
  };
}

export function toFleetStats(stats: GlobalStats): FleetStats {
  return {
    totalClients: stats.total_clients,
    totalAppliances: stats.total_appliances,
    onlineAppliances: stats.online_appliances,
    avgComplianceScore: stats.avg_compliance_score,
    avgConnectivityScore: stats.avg_connectivity_score,
    incidents24h: stats.incidents_24h,
    incidents7d: stats.incidents_7d,
    incidents30d: stats.incidents_30d,
    l1ResolutionRate: stats.l1_resolution_rate,
    l2ResolutionRate: stats.l2_resolution_rate,
    l3EscalationRate: stats.l3_escalation_rate,
    computedAt: stats.computed_at ?? null,
  };
}

/**
 * `/api/sites` lists only sites that have appliances; `/api/dashboard/fleet` lists every site. A site
 * known only to the fleet list has never had an appliance check in, which the server itself calls
 * `pending` — so that is what the console shows for it.
 */
export function toSiteRecordFromOverview(overview: ClientOverview): SiteRecord {
  return {
    siteId: overview.site_id,
    clinicName: overview.name,
    orgId: overview.client_org_id ?? null,
    orgName: overview.org_name ?? null,
    liveStatus: 'pending',
    tier: null,
    applianceCount: overview.appliance_count,
    lastCheckin: null,
    raw: JSON.stringify(overview),
  };
}
