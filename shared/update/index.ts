// The update feature's public surface in shared/: other features and layers import it from here.
import { defineFeature } from '../ipc/feature-contract.ts';
import { CACHED_READS, SIGNED_IN } from '../session/state-sets.ts';
import { updateChannels, updateEvents } from './contract.ts';

export * from './contract.ts';

/** The update banner and Settings → Updates show over cached data (also while reviewing); a check or a restart is an action. */
export const updateFeature = defineFeature({
  channels: updateChannels,
  events: updateEvents,
  access: {
    channels: { 'update:get': CACHED_READS, 'update:check': SIGNED_IN, 'update:restart': SIGNED_IN },
    events: { 'update:changed': CACHED_READS },
  },
});
