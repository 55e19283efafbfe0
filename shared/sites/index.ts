// The sites feature's public surface in shared/: other features and layers import it from here.
import { defineFeature } from '../ipc/feature-contract.ts';
import { siteChannels, siteEvents } from './site-channels.ts';
import { siteAccess } from './site-access.ts';

export * from './site-api.ts';
export * from './site-channels.ts';
export * from './site-access.ts';

export const siteFeature = defineFeature({ channels: siteChannels, events: siteEvents, access: siteAccess });
