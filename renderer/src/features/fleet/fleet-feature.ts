import { defineFeature } from '../../stores/feature-module.ts';
import { createFleetStore } from './fleet-store.ts';
import { createOrgStore } from './org-store.ts';

/** The fleet list and its org tree: loaded when signed in and after every fleet sync. */
export const fleetFeature = defineFeature({
  createStores: (client) => ({ fleet: createFleetStore(client), orgs: createOrgStore(client) }),
  load: (stores) => {
    void stores.fleet.getState().refresh();
    void stores.orgs.getState().load();
  },
  clear: (stores) => {
    stores.fleet.getState().clear();
    stores.orgs.getState().clear();
  },
  connect: (client, stores, signedIn) => [
    client.on('fleet:changed', () => {
      if (!signedIn()) return;
      void stores.fleet.getState().refresh();
      void stores.orgs.getState().load();
    }),
  ],
});
