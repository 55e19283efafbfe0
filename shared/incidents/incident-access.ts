import { CACHED_READS, SIGNED_IN, type FeatureAccess } from '../session/state-sets.ts';
import type { incidentChannels, incidentEvents } from './contract.ts';

/**
 * Incidents are cached fleet data: read behind a proven password, also while reviewing offline (an
 * opened incident then shows its cached detail, nothing is fetched); changing what is kept needs a live session.
 */
export const incidentAccess = {
  channels: {
    'incidents:query': CACHED_READS,
    'incidents:facets': CACHED_READS,
    'incidents:open': CACHED_READS,
    'incidents:settings': CACHED_READS,
    'incidents:setSettings': SIGNED_IN,
    'incidents:histogram': CACHED_READS,
    'incidents:views': CACHED_READS,
    'incidents:saveView': SIGNED_IN,
    'incidents:deleteView': SIGNED_IN,
  },
  events: {},
} as const satisfies FeatureAccess<typeof incidentChannels, typeof incidentEvents>;
