// The fleet feature's public surface in shared/: other features and layers import it from here.
import { defineFeature } from '../ipc/feature-contract.ts';
import { fleetChannels, fleetEvents } from './fleet-channels.ts';
import { fleetAccess } from './fleet-access.ts';

export * from './live-status.ts';
export * from './fleet-api.ts';
export * from './fleet-channels.ts';
export * from './fleet-access.ts';

export const fleetFeature = defineFeature({ channels: fleetChannels, events: fleetEvents, access: fleetAccess });
