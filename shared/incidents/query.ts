import { z } from 'zod';
import { resourceIdSchema } from '../api/resource-id.ts';
import { CountSchema, PAGE_COUNT_CAP, PAGE_LIMIT_MAX, pagedQuerySchema, pageResultSchema } from '../paging/paged-query.ts';

export { CountSchema } from '../paging/paged-query.ts';

/**
 * The incident list is asked for in the one paged shape: `search` is the technician's whole text
 * (free words plus field filters such as `severity:critical site:…`): the filter controls edit the
 * text, so the text is the single source of truth and `filters` stays empty. A window is an offset
 * (the virtualizer jumps to any row) or a cursor from the previous answer (continues after its last
 * row). The answer names the rows, a total (exact, or capped and marked), the next window and what
 * the text was understood to mean.
 */
export const INCIDENT_SORT_KEYS = ['createdAt', 'severity', 'checkType', 'siteId'] as const;
export type IncidentSortKey = (typeof INCIDENT_SORT_KEYS)[number];
export const INCIDENT_QUERY_MAX_LIMIT = PAGE_LIMIT_MAX;
/** Counts beyond this are shown as "10,000+": counting further costs more than it tells. */
export const INCIDENT_COUNT_CAP = PAGE_COUNT_CAP;

export const IncidentQuerySchema = pagedQuerySchema({
  filters: z.strictObject({}).prefault({}),
  sortKeys: INCIDENT_SORT_KEYS,
  defaultSort: { by: 'createdAt', dir: 'desc' },
  defaultLimit: 50,
});
export type IncidentQuery = z.output<typeof IncidentQuerySchema>;
export type IncidentQueryInput = z.input<typeof IncidentQuerySchema>;

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

export const IncidentPageResultSchema = pageResultSchema(IncidentListItemSchema).extend({
  filters: z.array(UnderstoodFilterSchema),
  /** Words the free-text search uses, as matched (prefixes). */
  searchTerms: z.array(z.string()),
  /** Sentences about parts of the text that were read differently than typed, e.g. an unknown severity. */
  notes: z.array(z.string()),
  coverage: SearchCoverageSchema,
  syncedAt: z.string().nullable(),
});
export type IncidentPageResult = z.infer<typeof IncidentPageResultSchema>;

/** The dimensions counted beside the list; site, org and check type are also what the list groups by. */
export const FACET_DIMENSIONS = ['severity', 'level', 'status', 'checkType', 'site', 'org', 'control'] as const;
export type FacetDimension = (typeof FACET_DIMENSIONS)[number];
/** Site, org, control and check type can have thousands of values: a facet lists its largest ones. */
export const FACET_TOP_VALUES = 50;
export const FacetValueSchema = z.strictObject({
  /** What the field filter takes (`site:<value>`, `org:<value>`, `control:<value>` …). */
  value: z.string(),
  /** What a technician reads: the clinic, the organization, the control's name; the value itself where it has none. */
  label: z.string(),
  count: z.number().int().nonnegative(),
});
export type FacetValue = z.infer<typeof FacetValueSchema>;
export const FacetSchema = z.strictObject({
  dimension: z.enum(FACET_DIMENSIONS),
  values: z.array(FacetValueSchema),
  /** False when the counts stopped at the cap: each is then a lower bound ("10,000+"). */
  exact: z.boolean(),
  /** True when more values exist than the `FACET_TOP_VALUES` listed. */
  more: z.boolean(),
});
export type Facet = z.infer<typeof FacetSchema>;
export const IncidentFacetsResultSchema = z.strictObject({ facets: z.array(FacetSchema), total: CountSchema });
export type IncidentFacetsResult = z.infer<typeof IncidentFacetsResultSchema>;

export const HISTOGRAM_DAYS = { min: 1, max: 365 } as const;
export const IncidentHistogramInputSchema = z.strictObject({
  search: z.string().max(2000).default(''),
  days: z.number().int().min(HISTOGRAM_DAYS.min).max(HISTOGRAM_DAYS.max),
});
export type IncidentHistogramInput = z.output<typeof IncidentHistogramInputSchema>;
export const HistogramDaySchema = z.strictObject({
  /** A UTC calendar day, YYYY-MM-DD. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Resolved by the tier named. */
  l1: z.number().int().nonnegative(),
  l2: z.number().int().nonnegative(),
  l3: z.number().int().nonnegative(),
  /** Resolved outside L1-L3 (by hand, by monitoring, recovered on its own). */
  other: z.number().int().nonnegative(),
  unresolved: z.number().int().nonnegative(),
});
export type HistogramDay = z.infer<typeof HistogramDaySchema>;
/** Every day of the range, oldest first, today (UTC) last; days without incidents are zeros. */
export const IncidentHistogramSchema = z.strictObject({ days: z.array(HistogramDaySchema) });
export type IncidentHistogram = z.infer<typeof IncidentHistogramSchema>;

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
