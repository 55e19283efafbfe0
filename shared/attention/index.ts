// The attention feature's public surface in shared/: other features and layers import it from here.
import { defineFeature } from '../ipc/feature-contract.ts';
import { attentionChannels, attentionEvents } from './attention-channels.ts';
import { attentionAccess } from './attention-access.ts';

export * from './attention-api.ts';
export * from './attention-channels.ts';
export * from './attention-access.ts';

export const attentionFeature = defineFeature({ channels: attentionChannels, events: attentionEvents, access: attentionAccess });
