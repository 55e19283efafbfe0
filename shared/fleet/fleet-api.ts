import { z } from 'zod';
import { NullableTimestampSchema } from '../api/timestamp.ts';

/**
 * Fleet responses the console syncs (every page of `/api/sites` and `/api/dashboard/fleet`, and the stats). Objects tolerate
 * extra fields but reject missing or mistyped ones. Scores the server computes are floats in the
 * reference, so they accept any number; counts are integers. `status` / `live_status` stay plain
 * strings: the console shows what the server computed, including values it does not know yet.
 */
const Count = z.number().int().nonnegative();
const Score = z.number();

export const ConnectivityMetricsSchema = z.object({
  checkin_freshness: z.number().int(),
  healing_success_rate: Score,
  order_execution_rate: Score,
  score: Score,
});

export const ComplianceMetricsSchema = z.object({
  patching: z.number().int(),
  antivirus: z.number().int(),
  backup: z.number().int(),
  logging: z.number().int(),
  firewall: z.number().int(),
  encryption: z.number().int(),
  /** Has a server-side default of 0, so older servers may leave it out. */
  network: z.number().int().optional(),
  score: Score,
});

export const HealthMetricsSchema = z.object({
  connectivity: ConnectivityMetricsSchema,
  compliance: ComplianceMetricsSchema,
  overall: Score,
  /** "critical" | "warning" | "healthy" today. */
  status: z.string(),
});
export type HealthMetrics = z.infer<typeof HealthMetricsSchema>;

/** One element of the bare array `GET /api/dashboard/fleet` returns. */
export const ClientOverviewSchema = z.object({
  site_id: z.string(),
  name: z.string(),
  status: z.string(),
  client_org_id: z.string().nullable().optional(),
  org_name: z.string().nullable().optional(),
  appliance_count: Count,
  online_count: Count,
  health: HealthMetricsSchema,
  last_incident: NullableTimestampSchema.optional(),
  incidents_24h: Count,
});
export type ClientOverview = z.infer<typeof ClientOverviewSchema>;

export const FleetPageSchema = z.array(ClientOverviewSchema);

/** One row of `GET /api/sites`. */
export const SiteRowSchema = z.object({
  site_id: z.string(),
  clinic_name: z.string(),
  tier: z.string().nullable(),
  status: z.string(),
  /** pending | auth_failed | online | stale | offline, computed by the server. */
  live_status: z.string(),
  onboarding_stage: z.string().nullable(),
  created_at: NullableTimestampSchema,
  updated_at: NullableTimestampSchema,
  last_checkin: NullableTimestampSchema,
  appliance_count: Count,
  client_org_id: z.string().nullable(),
  org_name: z.string().nullable(),
});
export type SiteRow = z.infer<typeof SiteRowSchema>;

export const SitesPageSchema = z.object({
  sites: z.array(SiteRowSchema),
  count: Count,
  total: Count,
  limit: Count,
  offset: Count,
  stats: z.object({
    online: Count,
    stale: Count,
    offline: Count,
    pending: Count,
    auth_failed: Count,
  }),
});

/** `GET /api/dashboard/stats`. Fields with a server-side default may be missing on older servers. */
export const GlobalStatsSchema = z.object({
  total_clients: Count,
  total_appliances: Count,
  online_appliances: Count,
  avg_compliance_score: Score,
  avg_connectivity_score: Score,
  incidents_24h: Count,
  incidents_7d: Count,
  incidents_30d: Count,
  l1_resolution_rate: Score,
  l2_resolution_rate: Score,
  l3_escalation_rate: Score,
  active_drift_checks: Count.optional(),
  total_go_agents: Count.optional(),
  active_threats: Count.optional(),
  computed_at: NullableTimestampSchema.optional(),
});
export type GlobalStats = z.infer<typeof GlobalStatsSchema>;
