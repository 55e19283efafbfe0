import { CACHED_READS, SIGNED_IN, type FeatureAccess } from '../session/state-sets.ts';
import type { fleetChannels, fleetEvents } from './fleet-channels.ts';

/** The cached fleet: read behind a proven password (also while reviewing offline); the sync that changes it needs a live session. */
export const fleetAccess = {
  channels: {
    'fleet:overview': CACHED_READS,
    'fleet:orgs': CACHED_READS,
    'sync:status': CACHED_READS,
    'sync:now': SIGNED_IN,
  },
  events: {
    'sync:changed': CACHED_READS,
  },
} as const satisfies FeatureAccess<typeof fleetChannels, typeof fleetEvents>;
