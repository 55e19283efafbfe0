import { SIGNED_IN, type FeatureAccess } from '../session/state-sets.ts';
import type { fleetChannels, fleetEvents } from './fleet-channels.ts';

/** The cached fleet and the sync that changes it: only behind a proven password. */
export const fleetAccess = {
  channels: {
    'fleet:overview': SIGNED_IN,
    'fleet:orgs': SIGNED_IN,
    'sync:status': SIGNED_IN,
    'sync:now': SIGNED_IN,
  },
  events: {
    'sync:changed': SIGNED_IN,
  },
} as const satisfies FeatureAccess<typeof fleetChannels, typeof fleetEvents>;
