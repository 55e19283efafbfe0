// The incidents feature's public surface in shared/: other features and layers import it from here.
import { defineFeature } from '../ipc/feature-contract.ts';
import { incidentChannels, incidentEvents } from './contract.ts';
import { incidentAccess } from './incident-access.ts';

export * from './api.ts';
export * from './query.ts';
export * from './contract.ts';
export * from './saved-views.ts';
export * from './hipaa-controls.ts';
export * from './search-text.ts';
export * from './incident-access.ts';

export const incidentFeature = defineFeature({ channels: incidentChannels, events: incidentEvents, access: incidentAccess });
