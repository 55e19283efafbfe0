import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, consoleChannels, consoleEvents } from './contract.ts';
import { CHANNEL_ACCESS, EVENT_ACCESS } from '../session/channel-access.ts';
import { FEATURES, joinFeatureParts } from './features.ts';

describe('the feature registry', () => {
  it('joins every feature channel and event into the contract and the access tables', () => {
    for (const feature of FEATURES) {
      for (const name of Object.keys(feature.channels)) {
        expect(CHANNEL_NAMES).toContain(name);
        expect(CHANNEL_ACCESS[name as keyof typeof CHANNEL_ACCESS]).toBe(feature.access.channels[name as never]);
      }
      for (const name of Object.keys(feature.events)) {
        expect(EVENT_NAMES).toContain(name);
        expect(EVENT_ACCESS[name as keyof typeof EVENT_ACCESS]).toBe(feature.access.events[name as never]);
      }
    }
    const featureChannelCount = FEATURES.reduce((sum, feature) => sum + Object.keys(feature.channels).length, 0);
    expect(CHANNEL_NAMES).toHaveLength(Object.keys(consoleChannels).length + featureChannelCount);
    const featureEventCount = FEATURES.reduce((sum, feature) => sum + Object.keys(feature.events).length, 0);
    expect(EVENT_NAMES).toHaveLength(Object.keys(consoleEvents).length + featureEventCount);
  });

  it('refuses two features that declare the same name instead of letting one replace the other', () => {
    const features = [{ channels: { 'a:x': 1 } }, { channels: { 'a:y': 2, 'a:x': 3 } }];
    expect(() => joinFeatureParts(features, (feature) => feature.channels)).toThrow('Two features declare the contract name "a:x".');
    expect(joinFeatureParts(features.slice(0, 1), (feature) => feature.channels)).toEqual({ 'a:x': 1 });
  });

  it('keeps the console channels apart from every feature', () => {
    for (const feature of FEATURES) {
      for (const name of Object.keys(feature.channels)) expect(Object.hasOwn(consoleChannels, name)).toBe(false);
      for (const name of Object.keys(feature.events)) expect(Object.hasOwn(consoleEvents, name)).toBe(false);
    }
  });
});
