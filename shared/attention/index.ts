// The attention feature's public surface in shared/: other features and layers import it from here.
export * from './attention-api.ts';
export * from './attention-channels.ts';
export * from './attention-access.ts';
