// The attention feature's public surface in the renderer: the app and other features import it from here.
export { AttentionPanel } from './AttentionPanel.tsx';
export { attentionFeature } from './attention-feature.ts';
export { useAttention } from './use-attention.ts';
