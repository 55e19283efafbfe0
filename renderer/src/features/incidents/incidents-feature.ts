import { defineStores } from '../../kit/store-registry.ts';
import { createIncidentsStore } from './incidents-store.ts';

/**
 * The incidents view's store: small and loaded with the console (navigation and routes live in it);
 * the view itself, its chart library and styles load only when the technician opens it.
 * Nothing is fetched at sign-in: opening the view asks core for the first window.
 */
export const incidentsFeature = defineStores({
  createStores: (client) => ({ incidents: createIncidentsStore(client) }),
  lifecycle: {
    incidents: {
      reloadOn: { kinds: ['incidents'], reload: (store) => store.getState().reload() },
      signOut: (store) => store.getState().clear(),
    },
  },
});
