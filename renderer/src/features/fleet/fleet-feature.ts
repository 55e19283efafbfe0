import { defineStores } from '../../kit/store-registry.ts';
import { createFleetStore, createSitesListStore } from './fleet-store.ts';
import { createOrgStore } from './org-store.ts';

/** The sites table (its query and its windows of rows) and the org tree: loaded when signed in and whenever a sync changed the fleet. */
export const fleetFeature = defineStores({
  createStores: (client) => {
    const fleetSites = createSitesListStore(client);
    return { fleetSites, fleet: createFleetStore(fleetSites), orgs: createOrgStore(client) };
  },
  lifecycle: {
    fleet: {
      signIn: (store) => store.getState().refresh(),
      signOut: (store) => store.getState().clear(),
    },
    fleetSites: {
      reloadOn: { kinds: ['fleet'], reload: (store) => store.getState().reload() },
      signOut: (store) => store.getState().clear(),
    },
    orgs: {
      signIn: (store) => void store.getState().load(),
      reloadOn: { kinds: ['fleet'], reload: (store) => void store.getState().load() },
      signOut: (store) => store.getState().clear(),
    },
  },
});
