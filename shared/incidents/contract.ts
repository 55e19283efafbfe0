import { z } from 'zod';
import {
  IncidentDetailViewSchema,
  IncidentFacetsResultSchema,
  IncidentHistogramInputSchema,
  IncidentHistogramSchema,
  IncidentOpenInputSchema,
  IncidentPageResultSchema,
  IncidentQuerySchema,
  IncidentSettingsSchema,
} from './query.ts';
import { DeleteViewInputSchema, SavedViewsSchema, SaveViewInputSchema } from './saved-views.ts';

/** The incident channels and events, spread into the one IPC contract. */
export const incidentChannels = {
  /** A window of the cached incidents matching the text, in the chosen sort. */
  'incidents:query': { input: IncidentQuerySchema, output: IncidentPageResultSchema },
  /** Counts per value of each facet dimension for the same query (its window and limit are ignored). */
  'incidents:facets': { input: IncidentQuerySchema, output: IncidentFacetsResultSchema },
  /** Cached incidents per UTC day by the tier that resolved them, over the last `days` days. */
  'incidents:histogram': { input: IncidentHistogramInputSchema, output: IncidentHistogramSchema },
  /** The cached detail at once, then a fresh fetch; `null` when the incident is not (or no longer) known. */
  'incidents:open': { input: IncidentOpenInputSchema, output: IncidentDetailViewSchema.nullable() },
  'incidents:settings': { input: z.undefined(), output: IncidentSettingsSchema },
  'incidents:setSettings': { input: IncidentSettingsSchema, output: IncidentSettingsSchema },
  /** The profile's saved views, kept on this computer. */
  'incidents:views': { input: z.undefined(), output: SavedViewsSchema },
  /** Saves a new view (no id) or changes one; names are unique per profile. */
  'incidents:saveView': { input: SaveViewInputSchema, output: SavedViewsSchema },
  'incidents:deleteView': { input: DeleteViewInputSchema, output: SavedViewsSchema },
} as const;

export const incidentEvents = {
  /** The cached incidents changed (a sync wrote rows, or a detail arrived). */
  'incidents:changed': z.strictObject({ syncedAt: z.string().nullable(), incidentId: z.string().nullable() }),
} as const;
