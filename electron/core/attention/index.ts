// The attention feature's public surface in core: the composition root and other features import it from here.
export { createAttentionFeature } from './attention-handlers.ts';
export { cachedAttention, syncAttention } from './attention-sync.ts';
