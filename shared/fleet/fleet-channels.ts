import { z } from 'zod';
import { ConsoleErrorPayloadSchema } from '../error-schema.ts';
import { IsoTime, NoInput, type ChannelMap, type EventMap } from '../ipc/channel-map.ts';
import { LIVE_STATUSES } from './live-status.ts';
import { PAGE_LIMIT_MAX, pagedQuerySchema, pageResultSchema } from '../paging/paged-query.ts';

export const LiveStatusSchema = z.enum(LIVE_STATUSES);

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

export const FleetFiltersSchema = z
  .strictObject({
    liveStatus: LiveStatusSchema.nullable().default(null),
    /** null: every org; '': sites that belong to no client org; otherwise that org's id. */
    orgId: z.string().max(200).nullable().default(null),
  })
  .prefault({});
export type FleetFilters = z.output<typeof FleetFiltersSchema>;

/** A window of the sites table: its filters, sort and search (clinic, org or site id), in the one paged shape. */
export const FleetQuerySchema = pagedQuerySchema({
  filters: FleetFiltersSchema,
  sortKeys: FLEET_SORT_KEYS,
  defaultSort: { by: 'clinicName', dir: 'asc' },
  searchMaxLength: 200,
})
  // An absent query is an empty one: each field's own default applies (zod's prefault parses {}).
  .prefault({});
/** The fleet query with every field given (what core runs); callers may leave fields out (`ChannelInput<'fleet:overview'>`). */
export type FleetQuery = z.output<typeof FleetQuerySchema>;

/** A window of matching sites, with what the fleet view shows beside the table. */
export const FleetOverviewSchema = pageResultSchema(FleetSiteSchema).extend({
  /** Sites in the cache before the query's filter. */
  totalSites: z.number().int(),
  stats: FleetStatsSchema.nullable(),
  syncedAt: IsoTime.nullable(),
});
export type FleetOverview = z.infer<typeof FleetOverviewSchema>;

/** One sync job's own state (the fleet, the attention list, incidents…), shown in the sync details. */
export const SyncJobStatusSchema = z.strictObject({
  name: z.string(),
  /** 'waiting': it failed and waits out its backoff before the next try. */
  phase: z.enum(['idle', 'syncing', 'waiting', 'paused']),
  lastSyncedAt: IsoTime.nullable(),
  lastAttemptAt: IsoTime.nullable(),
  nextRunAt: IsoTime.nullable(),
  /** Failures in a row; 0 after a success. */
  failures: z.number().int().nonnegative(),
  error: ConsoleErrorPayloadSchema.nullable(),
});
export type SyncJobStatus = z.infer<typeof SyncJobStatusSchema>;

export const SyncStatusSchema = z.strictObject({
  phase: z.enum(['idle', 'syncing', 'error', 'paused']),
  /** The first job's (the fleet's): what "Last synced" states; every job's own is in `jobs`. */
  lastSyncedAt: IsoTime.nullable(),
  lastAttemptAt: IsoTime.nullable(),
  nextSyncAt: IsoTime.nullable(),
  intervalSeconds: z.number().int().positive(),
  /** Pages fetched so far in the running job, and the pages known to be needed (may grow). */
  progress: z.strictObject({ done: z.number().int(), total: z.number().int(), step: z.string() }).nullable(),
  /** The last run's first failure (its job's entry says which). */
  error: ConsoleErrorPayloadSchema.nullable(),
  jobs: z.array(SyncJobStatusSchema),
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

/** The org tree's nodes: a window of client orgs by name, optionally narrowed by a search of their names. */
export const FleetOrgsQuerySchema = pagedQuerySchema({
  filters: z.strictObject({}).prefault({}),
  sortKeys: ['orgName'],
  defaultSort: { by: 'orgName', dir: 'asc' },
  defaultLimit: PAGE_LIMIT_MAX,
  searchMaxLength: 200,
}).prefault({});
export type FleetOrgsQuery = z.output<typeof FleetOrgsQuerySchema>;
export const FleetOrgPageSchema = pageResultSchema(FleetOrgSchema);
export type FleetOrgPage = z.infer<typeof FleetOrgPageSchema>;

/** The fleet list, its client-org tree and the background sync that fills both. */
export const fleetChannels = {
  'fleet:overview': { input: FleetQuerySchema, output: FleetOverviewSchema },
  /** The client-org → site tree's nodes, counted in the cache. */
  'fleet:orgs': { input: FleetOrgsQuerySchema, output: FleetOrgPageSchema },
  'sync:status': { input: NoInput, output: SyncStatusSchema },
  'sync:now': { input: NoInput, output: SyncStatusSchema },
} as const satisfies ChannelMap;

export const fleetEvents = {
  'sync:changed': SyncStatusSchema,
} as const satisfies EventMap;
