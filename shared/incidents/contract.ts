import { z } from 'zod';
import {
  IncidentDetailViewSchema,
  IncidentFacetsResultSchema,
  IncidentOpenInputSchema,
  IncidentPageResultSchema,
  IncidentQuerySchema,
  IncidentSettingsSchema,
} from './query.ts';

/** The incident channels and events, spread into the one IPC contract. */
export const incidentChannels = {
  'incidents:query': { input: IncidentQuerySchema, output: IncidentPageResultSchema },
  'incidents:facets': { input: IncidentQuerySchema, output: IncidentFacetsResultSchema },
  /** The cached detail at once, then a fresh fetch; `null` when the incident is not (or no longer) known. */
  'incidents:open': { input: IncidentOpenInputSchema, output: IncidentDetailViewSchema.nullable() },
  'incidents:settings': { input: z.undefined(), output: IncidentSettingsSchema },
  'incidents:setSettings': { input: IncidentSettingsSchema, output: IncidentSettingsSchema },
} as const;

export const incidentEvents = {
  /** The cached incidents changed (a sync wrote rows, or a detail arrived). */
  'incidents:changed': z.strictObject({ syncedAt: z.string().nullable(), incidentId: z.string().nullable() }),
} as const;
