import { defineStores } from '../../kit/store-registry.ts';
import { createSiteStore } from './site-store.ts';

/** The open site's page: nothing to load at sign-in; core pushes each refresh as `site:changed` (data, not a hint). */
export const siteFeature = defineStores({
  createStores: (client) => ({ site: createSiteStore(client) }),
  lifecycle: {
    site: {
      signOut: (store) => store.getState().clear(),
      connect: (client, store, signedIn) => [
        client.on('site:changed', (view) => {
          if (signedIn()) store.getState().apply(view);
        }),
      ],
    },
  },
});
