import { z } from 'zod';
import { NullableTimestampSchema } from '../api/timestamp.ts';

/**
 * A site's detail views: what the console fetches when a technician opens a site. Same rules as
 * the fleet's API schemas (shared/fleet/fleet-api.ts): extra fields tolerated, missing or mistyped
 * ones rejected, server-computed values kept as sent.
 */
const Count = z.number().int().nonnegative();
const Score = z.number();

/** `GET /api/sites/{site_id}/appliances` row. */
export const SiteApplianceSchema = z.object({
  appliance_id: z.string(),
  hostname: z.string(),
  display_name: z.string().nullable(),
  mac_address: z.string().nullable(),
  ip_addresses: z.array(z.string()),
  agent_version: z.string().nullable(),
  nixos_version: z.string().nullable(),
  status: z.string(),
  live_status: z.string(),
  first_checkin: NullableTimestampSchema,
  last_checkin: NullableTimestampSchema,
  uptime_seconds: z.number().nullable(),
  offline_since: NullableTimestampSchema,
  network_anomaly: z
    .object({
      subnet_drift: z.boolean(),
      missing_anycast: z.boolean(),
      observed_subnet: z.string().nullable(),
      expected_subnet: z.string().nullable(),
      notes: z.array(z.string()),
    })
    .nullable(),
});
export type SiteAppliance = z.infer<typeof SiteApplianceSchema>;

export const SiteAppliancesSchema = z.object({
  site_id: z.string(),
  appliances: z.array(SiteApplianceSchema),
  count: Count,
  site_subnet_majority: z.string().nullable(),
});

/**
 * `GET /api/sites/{site_id}`. Credentials carry host, username and domain (never passwords); the
 * console keeps only their count and staleness, since it has no view that needs the rest.
 */
export const SiteDetailSchema = z.object({
  site_id: z.string(),
  clinic_name: z.string(),
  tier: z.string().nullable(),
  healing_tier: z.string().nullable(),
  status: z.string(),
  live_status: z.string(),
  onboarding_stage: z.string().nullable(),
  last_checkin: NullableTimestampSchema,
  appliance_count: Count,
  client_org_id: z.string().nullable(),
  org_name: z.string().nullable(),
  /** Free text; the console reads the clinic's time zone from its US state. */
  address: z.string().nullable().default(null),
  maintenance_until: NullableTimestampSchema,
  maintenance_reason: z.string().nullable(),
  stale_credentials_count: Count,
});
export type SiteDetail = z.infer<typeof SiteDetailSchema>;

/** `GET /api/dashboard/sites/{site_id}/compliance-health`. `overall_score` is null without data. */
export const ComplianceHealthSchema = z.object({
  site_id: z.string(),
  clinic_name: z.string(),
  overall_score: Score.nullable(),
  breakdown: z.record(z.string(), z.unknown()),
  counts: z.object({ passed: Count, failed: Count, warnings: Count, total: Count }),
  go_agents: z.object({ agent_count: Count, checks_passed: Count, checks_total: Count, compliance_score: Score.nullable() }),
  trend: z.unknown(),
  healing: z.object({ total: Count, auto_healed: Count, pending: Count }),
  network_coverage_pct: Score.nullable(),
  unmanaged_device_count: Count,
});
export type ComplianceHealth = z.infer<typeof ComplianceHealthSchema>;
