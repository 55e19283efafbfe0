import type { UnionToIntersection } from '../util/types.ts';
import type { StateSet } from '../session/state-sets.ts';
import { updateFeature } from '../update/index.ts';
import { fleetFeature } from '../fleet/index.ts';
import { siteFeature } from '../sites/index.ts';
import { attentionFeature } from '../attention/index.ts';
import { incidentFeature } from '../incidents/index.ts';
import { deepLinkFeature } from '../deep-link/index.ts';

/** Every feature's part of the contract. A new data kind adds one line here (docs/technical/adding-a-data-kind.md). */
export const FEATURES = [updateFeature, fleetFeature, siteFeature, attentionFeature, incidentFeature, deepLinkFeature] as const;

type Feature = (typeof FEATURES)[number];
export type FeatureChannels = UnionToIntersection<Feature['channels']>;
export type FeatureEvents = UnionToIntersection<Feature['events']>;

/**
 * Joins one part of every feature into one object. Two features declaring the same name would have
 * one silently replace the other's schema or access; that is a programming error caught at load.
 */
export function joinFeatureParts<Item, Joined>(features: readonly Item[], part: (feature: Item) => Readonly<Record<string, unknown>>): Joined {
  const joined: Record<string, unknown> = {};
  for (const feature of features) {
    for (const [name, value] of Object.entries(part(feature))) {
      if (Object.hasOwn(joined, name)) throw new Error(`Two features declare the contract name "${name}".`);
      joined[name] = value;
    }
  }
  return joined as Joined;
}

function joinFeatures<Joined>(part: (feature: Feature) => Readonly<Record<string, unknown>>): Joined {
  return joinFeatureParts<Feature, Joined>(FEATURES, part);
}

export const featureChannels = joinFeatures<FeatureChannels>((feature) => feature.channels);
export const featureEvents = joinFeatures<FeatureEvents>((feature) => feature.events);
export const featureChannelAccess = joinFeatures<{ readonly [C in keyof FeatureChannels]: StateSet }>((feature) => feature.access.channels);
export const featureEventAccess = joinFeatures<{ readonly [E in keyof FeatureEvents]: StateSet }>((feature) => feature.access.events);
