import { z } from 'zod';
import { resourceIdSchema } from '../api/resource-id.ts';

/**
 * A windowed (keyset) query over the cached incidents: the technician's text (free words plus field
 * filters such as `severity:critical`), a sort, an opaque window from the previous answer and a
 * limit. The answer names the rows, a total (exact, or capped and marked), the next window and what
 * the text was understood to mean.
 */
export const INCIDENT_SORT_KEYS = ['createdAt', 'severity', 'checkType', 'siteId'] as const;
export const INCIDENT_QUERY_MAX_LIMIT = 500;
/** Counts beyond this are shown as "10,000+": counting further costs more than it tells. */
export const INCIDENT_COUNT_CAP = 10_000;

export const IncidentQuerySchema = z
  .strictObject({
    text: z.string().max(2000).default(''),
    sortBy: z.enum(INCIDENT_SORT_KEYS).default('createdAt'),
    sortDir: z.enum(['asc', 'desc']).default('desc'),
    /** `nextWindow` of the previous answer; null for the first window. */
    window: z.string().max(2000).nullable().default(null),
    limit: z.number().int().min(1).max(INCIDENT_QUERY_MAX_LIMIT).default(50),
  })
  .default({ text: '', sortBy: 'createdAt', sortDir: 'desc', window: null, limit: 50 });
export type IncidentQuery = z.output<typeof IncidentQuerySchema>;

export const CountSchema = z.strictObject({
  count: z.number().int().nonnegative(),
  /** True when counting stopped early (at the cap, or over a very common search's first matches): `count` is a lower bound, shown as "10,000+". */
  capped: z.boolean(),
});

export const IncidentListItemSchema = z.strictObject({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string().nullable(),
  hostname: z.string().nullable(),
  checkType: z.string(),
  severity: z.string(),
  level: z.string().nullable(),
  resolved: z.boolean(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  hipaaControls: z.array(z.string()),
  remediationAttempts: z.number().int(),
  remediationExhausted: z.boolean(),
  detailCached: z.boolean(),
});
export type IncidentListItem = z.infer<typeof IncidentListItemSchema>;

export const UnderstoodFilterSchema = z.strictObject({ field: z.string(), value: z.string() });

export const SearchCoverageSchema = z.strictObject({
  /** Hostname and drift text are searchable only where the detail is cached. */
  detailsCached: z.number().int().nonnegative(),
  incidents: z.number().int().nonnegative(),
});

export const IncidentPageResultSchema = z.strictObject({
  rows: z.array(IncidentListItemSchema),
  total: CountSchema,
  nextWindow: z.string().nullable(),
  filters: z.array(UnderstoodFilterSchema),
  /** Words the free-text search uses, as matched (prefixes). */
  searchTerms: z.array(z.string()),
  /** Sentences about parts of the text that were read differently than typed, e.g. an unknown severity. */
  notes: z.array(z.string()),
  coverage: SearchCoverageSchema,
  syncedAt: z.string().nullable(),
});
export type IncidentPageResult = z.infer<typeof IncidentPageResultSchema>;

export const FACET_DIMENSIONS = ['severity', 'level', 'status', 'checkType'] as const;
export const FacetSchema = z.strictObject({
  dimension: z.enum(FACET_DIMENSIONS),
  values: z.array(z.strictObject({ value: z.string(), count: z.number().int().nonnegative() })),
  /** False when the counts stopped at the cap: each is then a lower bound ("10,000+"). */
  exact: z.boolean(),
});
export const IncidentFacetsResultSchema = z.strictObject({ facets: z.array(FacetSchema), total: CountSchema });
export type IncidentFacetsResult = z.infer<typeof IncidentFacetsResultSchema>;

export const INCIDENT_RETENTION_DAYS = { min: 7, max: 3650, default: 365 } as const;
export const INCIDENT_DETAIL_DAYS = { min: 0, max: 90, default: 7 } as const;
export const IncidentSettingsSchema = z.strictObject({
  /** Incidents reported longer ago are purged and stay purged when their pages are read again. */
  retentionDays: z.number().int().min(INCIDENT_RETENTION_DAYS.min).max(INCIDENT_RETENTION_DAYS.max),
  /** Details (hostname, drift data, timeline) are fetched ahead for open incidents and the last N days. */
  detailDays: z.number().int().min(INCIDENT_DETAIL_DAYS.min).max(INCIDENT_DETAIL_DAYS.max),
});
export type IncidentSettings = z.infer<typeof IncidentSettingsSchema>;

export const IncidentDetailViewSchema = z.strictObject({
  incident: IncidentListItemSchema,
  applianceId: z.string().nullable(),
  /** Drift data as JSON text; cut at the size cap when `driftTruncated`. */
  driftJson: z.string().nullable(),
  driftTruncated: z.boolean(),
  driftBytes: z.number().int().nonnegative(),
  timelineJson: z.string(),
  fetchedAt: z.string(),
});
export type IncidentDetailView = z.infer<typeof IncidentDetailViewSchema>;

export const IncidentOpenInputSchema = z.strictObject({ incidentId: resourceIdSchema('incident') });
