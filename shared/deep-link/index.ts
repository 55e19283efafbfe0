// The deep-link feature's public surface in shared/.
import { defineFeature } from '../ipc/feature-contract.ts';
import { SIGNED_IN } from '../session/state-sets.ts';
import { deepLinkEvents } from './contract.ts';

export * from './contract.ts';

/** A followed link opens a page only behind an unlocked console (the shell holds it until then). */
export const deepLinkFeature = defineFeature({
  channels: {},
  events: deepLinkEvents,
  access: { channels: {}, events: { 'deepLink:open': SIGNED_IN } },
});
