// The sites feature's public surface in shared/: other features and layers import it from here.
export * from './site-api.ts';
export * from './site-channels.ts';
export * from './site-access.ts';
