import { SIGNED_IN, type FeatureAccess } from '../session/state-sets.ts';
import type { attentionChannels, attentionEvents } from './attention-channels.ts';

/** The attention list is cached fleet data: only behind a proven password. */
export const attentionAccess = {
  channels: { 'attention:list': SIGNED_IN },
  events: {},
} as const satisfies FeatureAccess<typeof attentionChannels, typeof attentionEvents>;
