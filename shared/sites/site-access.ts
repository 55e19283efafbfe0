import { SIGNED_IN, type FeatureAccess } from '../session/state-sets.ts';
import type { siteChannels, siteEvents } from './site-channels.ts';

/** A site's page is cached fleet data: only behind a proven password. */
export const siteAccess = {
  channels: {
    'site:open': SIGNED_IN,
    'site:close': SIGNED_IN,
    'site:refresh': SIGNED_IN,
  },
  events: {
    'site:changed': SIGNED_IN,
  },
} as const satisfies FeatureAccess<typeof siteChannels, typeof siteEvents>;
