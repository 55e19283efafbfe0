import { z } from 'zod';
import { ConsoleErrorPayloadSchema } from '../errors.ts';
import { IsoTime, NoInput, type ChannelMap, type EventMap } from '../ipc/channel-map.ts';

export const LIVE_STATUSES = ['online', 'stale', 'offline', 'pending', 'auth_failed'] as const;
export const LiveStatusSchema = z.enum(LIVE_STATUSES);
export type LiveStatus = z.infer<typeof LiveStatusSchema>;

export const FleetSiteSchema = z.strictObject({
  siteId: z.string(),
  clinicName: z.string(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  /** As the server computes it (`/api/sites` live_status); an unknown value is passed through. */
  liveStatus: z.string(),
  tier: z.string().nullable(),
  applianceCount: z.number().int(),
  /** From `/api/dashboard/fleet`; null until that endpoint has reported the site. */
  onlineCount: z.number().int().nullable(),
  healthOverall: z.number().nullable(),
  healthStatus: z.string().nullable(),
  incidents24h: z.number().int().nullable(),
  lastCheckin: IsoTime.nullable(),
});
export type FleetSite = z.infer<typeof FleetSiteSchema>;

export const FleetStatsSchema = z.strictObject({
  totalClients: z.number(),
  totalAppliances: z.number(),
  onlineAppliances: z.number(),
  avgComplianceScore: z.number(),
  avgConnectivityScore: z.number(),
  incidents24h: z.number(),
  incidents7d: z.number(),
  incidents30d: z.number(),
  l1ResolutionRate: z.number(),
  l2ResolutionRate: z.number(),
  l3EscalationRate: z.number(),
  computedAt: IsoTime.nullable(),
});
export type FleetStats = z.infer<typeof FleetStatsSchema>;

export const FLEET_SORT_KEYS = ['clinicName', 'liveStatus', 'healthOverall', 'applianceCount', 'lastCheckin', 'orgName'] as const;

export const FleetQuerySchema = z
  .strictObject({
    sortBy: z.enum(FLEET_SORT_KEYS).default('clinicName'),
    sortDir: z.enum(['asc', 'desc']).default('asc'),
    liveStatus: LiveStatusSchema.nullable().default(null),
    search: z.string().max(200).default(''),
    /** null: every org; '': sites that belong to no client org; otherwise that org's id. */
    orgId: z.string().max(200).nullable().default(null),
  })
  // An absent query is an empty one: each field's own default applies (zod's prefault parses {}).
  .prefault({});
/** The fleet query with every field given (what core runs); callers may leave fields out (`ChannelInput<'fleet:overview'>`). */
export type FleetQuery = z.output<typeof FleetQuerySchema>;

export const FleetOverviewSchema = z.strictObject({
  sites: z.array(FleetSiteSchema),
  /** Sites in the cache before the query's filter. */
  totalSites: z.number().int(),
  stats: FleetStatsSchema.nullable(),
  syncedAt: IsoTime.nullable(),
});
export type FleetOverview = z.infer<typeof FleetOverviewSchema>;

export const SyncStatusSchema = z.strictObject({
  phase: z.enum(['idle', 'syncing', 'error', 'paused']),
  lastSyncedAt: IsoTime.nullable(),
  lastAttemptAt: IsoTime.nullable(),
  nextSyncAt: IsoTime.nullable(),
  intervalSeconds: z.number().int().positive(),
  /** Pages fetched so far in the running sync, and the pages known to be needed (may grow). */
  progress: z.strictObject({ done: z.number().int(), total: z.number().int(), step: z.string() }).nullable(),
  error: ConsoleErrorPayloadSchema.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const FleetOrgSchema = z.strictObject({
  /** null for the sites that belong to no client org. */
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  siteCount: z.number().int(),
  /** Sites per live_status, as the server computed it. */
  statusCounts: z.record(z.string(), z.number().int()),
});
export type FleetOrg = z.infer<typeof FleetOrgSchema>;

/** The fleet list, its client-org tree and the background sync that fills both. */
export const fleetChannels = {
  'fleet:overview': { input: FleetQuerySchema, output: FleetOverviewSchema },
  /** The client-org → site tree's nodes, counted in the cache. */
  'fleet:orgs': { input: NoInput, output: z.strictObject({ orgs: z.array(FleetOrgSchema) }) },
  'sync:status': { input: NoInput, output: SyncStatusSchema },
  'sync:now': { input: NoInput, output: SyncStatusSchema },
} as const satisfies ChannelMap;

export const fleetEvents = {
  'sync:changed': SyncStatusSchema,
} as const satisfies EventMap;
