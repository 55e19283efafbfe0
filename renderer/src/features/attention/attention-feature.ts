import { defineFeature } from '../../stores/feature-module.ts';
import { createAttentionStore } from './attention-store.ts';

/** The attention list: loaded when signed in and after every fleet sync. */
export const attentionFeature = defineFeature({
  createStores: (client) => ({ attention: createAttentionStore(client) }),
  load: (stores) => void stores.attention.getState().load(),
  clear: (stores) => stores.attention.getState().clear(),
  connect: (client, stores, signedIn) => [
    client.on('fleet:changed', () => {
      if (signedIn()) void stores.attention.getState().load();
    }),
  ],
});
