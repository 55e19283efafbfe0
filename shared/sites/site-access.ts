import { CACHED_READS, SIGNED_IN, type FeatureAccess } from '../session/state-sets.ts';
import type { siteChannels, siteEvents } from './site-channels.ts';

/** A site's page is cached fleet data: read behind a proven password (also while reviewing); refetching it needs a live session. */
export const siteAccess = {
  channels: {
    'site:open': CACHED_READS,
    'site:close': CACHED_READS,
    'site:refresh': SIGNED_IN,
  },
  events: {
    'site:changed': CACHED_READS,
  },
} as const satisfies FeatureAccess<typeof siteChannels, typeof siteEvents>;
