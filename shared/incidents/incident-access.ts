import { SIGNED_IN, type FeatureAccess } from '../session/state-sets.ts';
import type { incidentChannels, incidentEvents } from './contract.ts';

/** Incidents are cached fleet data: only behind a proven password. */
export const incidentAccess = {
  channels: {
    'incidents:query': SIGNED_IN,
    'incidents:facets': SIGNED_IN,
    'incidents:open': SIGNED_IN,
    'incidents:settings': SIGNED_IN,
    'incidents:setSettings': SIGNED_IN,
    'incidents:histogram': SIGNED_IN,
    'incidents:views': SIGNED_IN,
    'incidents:saveView': SIGNED_IN,
    'incidents:deleteView': SIGNED_IN,
  },
  events: {
    'incidents:changed': SIGNED_IN,
  },
} as const satisfies FeatureAccess<typeof incidentChannels, typeof incidentEvents>;
