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

/** None of its own: a change to the cached incidents is `data:changed` with the kind 'incidents'. */
export const incidentEvents = {} as const;
