import type { FeatureAccess } from '../session/state-sets.ts';
import type { ChannelMap, EventMap } from './channel-map.ts';

/**
 * A feature's whole part of the contract: its channels and events with their schemas, and what each
 * may do in each session state (typed so that every name of the feature needs an entry). A feature
 * exports one of these from its `index.ts`; `shared/ipc/features.ts` lists them, one line each, and
 * the contract and the access tables are both built from that list.
 */
export interface FeatureContract<Channels extends ChannelMap, Events extends EventMap> {
  readonly channels: Channels;
  readonly events: Events;
  readonly access: FeatureAccess<Channels, Events>;
}

export function defineFeature<const Channels extends ChannelMap, const Events extends EventMap>(
  feature: FeatureContract<Channels, Events>,
): FeatureContract<Channels, Events> {
  return feature;
}
