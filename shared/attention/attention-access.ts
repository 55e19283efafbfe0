import { CACHED_READS, type FeatureAccess } from '../session/state-sets.ts';
import type { attentionChannels, attentionEvents } from './attention-channels.ts';

/** The attention list is cached fleet data: read behind a proven password, also while reviewing offline. */
export const attentionAccess = {
  channels: { 'attention:list': CACHED_READS },
  events: {},
} as const satisfies FeatureAccess<typeof attentionChannels, typeof attentionEvents>;
