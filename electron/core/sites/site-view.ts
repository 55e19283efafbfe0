import { ComplianceHealthSchema, SiteAppliancesSchema, SiteDetailSchema, type ComplianceHealth, type SiteAppliance, type SiteDetail } from '#shared/sites/index.ts';
import { isConsoleError } from '#shared/errors.ts';
import { SiteViewSchema, type ComplianceHealthView, type SiteApplianceView, type SiteView } from '#shared/sites/index.ts';
import { apiPath, pathId } from '../api/api-path.ts';
import type { ApiClient } from '../api/client.ts';
import { clinicTimeZoneFromAddress } from './clinic-time-zone.ts';

/**
 * A site's page as the console shows it: GET /api/sites/{id}, its appliances and its compliance
 * health, fetched together and kept as one document in the cache. Values as the server sent them.
 */
export async function fetchSiteView(api: ApiClient, token: string, siteId: string, now: () => Date = () => new Date()): Promise<SiteView> {
  const site = pathId('site', siteId);
  const [detail, appliances, compliance] = await Promise.all([
    api.getJson(apiPath`/api/sites/${site}`, SiteDetailSchema, { token }),
    api.getJson(apiPath`/api/sites/${site}/appliances`, SiteAppliancesSchema, { token }),
    // A site without compliance data is still a site: show it without the panel rather than fail.
    api.getJson(apiPath`/api/dashboard/sites/${site}/compliance-health`, ComplianceHealthSchema, { token }).catch((error: unknown) => {
      if (isConsoleError(error, 'not-found')) return null;
      throw error;
    }),
  ]);
  if (detail.status !== 200 || appliances.status !== 200 || (compliance && compliance.status !== 200)) {
    throw new Error('a site view request without If-None-Match answered 304');
  }
  return toSiteView(detail.data, appliances.data.appliances, compliance?.data ?? null, now().toISOString());
}

export function toSiteView(detail: SiteDetail, appliances: SiteAppliance[], compliance: ComplianceHealth | null, asOf: string): SiteView {
  return SiteViewSchema.parse({
    siteId: detail.site_id,
    clinicName: detail.clinic_name,
    orgName: detail.org_name,
    liveStatus: detail.live_status,
    tier: detail.tier,
    lastCheckin: detail.last_checkin,
    clinicTimeZone: clinicTimeZoneFromAddress(detail.address),
    appliances: appliances.map(toApplianceView),
    compliance: compliance ? toComplianceView(compliance) : null,
    asOf,
    refreshing: false,
    error: null,
  });
}

function toApplianceView(appliance: SiteAppliance): SiteApplianceView {
  return {
    applianceId: appliance.appliance_id,
    hostname: appliance.hostname,
    displayName: appliance.display_name,
    liveStatus: appliance.live_status,
    agentVersion: appliance.agent_version,
    ipAddresses: appliance.ip_addresses,
    lastCheckin: appliance.last_checkin,
    uptimeSeconds: appliance.uptime_seconds,
    offlineSince: appliance.offline_since,
  };
}

/** The reference types `breakdown` only as "category → …": read a number, or a `score` inside an object. */
function categoryScore(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value && typeof value === 'object' && 'score' in value) {
    const score = (value as { score: unknown }).score;
    return typeof score === 'number' && Number.isFinite(score) ? score : null;
  }
  return null;
}

function toComplianceView(health: ComplianceHealth): ComplianceHealthView {
  return {
    overallScore: health.overall_score,
    breakdown: Object.entries(health.breakdown).map(([category, value]) => ({ category, score: categoryScore(value) })),
    counts: health.counts,
    healing: { total: health.healing.total, autoHealed: health.healing.auto_healed, pending: health.healing.pending },
  };
}

/** What the renderer sees before anything was ever fetched for this site. */
export function emptySiteView(siteId: string): SiteView {
  return { siteId, clinicName: null, orgName: null, liveStatus: null, tier: null, lastCheckin: null, clinicTimeZone: null, appliances: [], compliance: null, asOf: null, refreshing: true, error: null };
}
