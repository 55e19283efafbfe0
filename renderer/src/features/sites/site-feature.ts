import { defineFeature } from '../../stores/feature-module.ts';
import { createSiteStore } from './site-store.ts';

/** The open site's page: nothing to load at sign-in; core pushes each refresh as `site:changed`. */
export const siteFeature = defineFeature({
  createStores: (client) => ({ site: createSiteStore(client) }),
  load: () => undefined,
  clear: (stores) => stores.site.getState().clear(),
  connect: (client, stores, signedIn) => [
    client.on('site:changed', (view) => {
      if (signedIn()) stores.site.getState().apply(view);
    }),
  ],
});
