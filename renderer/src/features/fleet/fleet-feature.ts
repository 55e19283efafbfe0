import { defineStores } from '../../kit/store-registry.ts';
import { createFleetStore } from './fleet-store.ts';
import { createOrgStore } from './org-store.ts';

/** The fleet list and its org tree: loaded when signed in and whenever a sync changed the fleet. */
export const fleetFeature = defineStores({
  createStores: (client) => ({ fleet: createFleetStore(client), orgs: createOrgStore(client) }),
  lifecycle: {
    fleet: {
      signIn: (store) => void store.getState().refresh(),
      reloadOn: { kinds: ['fleet'], reload: (store) => void store.getState().refresh() },
      signOut: (store) => store.getState().clear(),
    },
    orgs: {
      signIn: (store) => void store.getState().load(),
      reloadOn: { kinds: ['fleet'], reload: (store) => void store.getState().load() },
      signOut: (store) => store.getState().clear(),
    },
  },
});
