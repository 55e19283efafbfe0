// The fleet feature's public surface in shared/: other features and layers import it from here.
export * from './fleet-api.ts';
export * from './fleet-channels.ts';
export * from './fleet-access.ts';
