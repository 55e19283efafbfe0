import { defineFeature } from '../../stores/feature-module.ts';
import { createIncidentsStore } from './incidents-store.ts';

/**
 * The incidents view's store: small and loaded with the console (navigation and routes live in it);
 * the view itself, its chart library and styles load only when the technician opens it.
 * Nothing is fetched at sign-in: opening the view asks core for the first window.
 */
export const incidentsFeature = defineFeature({
  createStores: (client) => ({ incidents: createIncidentsStore(client) }),
  load: () => undefined,
  clear: (stores) => stores.incidents.getState().clear(),
  connect: (client, stores, signedIn) => [
    client.on('data:changed', ({ kinds }) => {
      if (signedIn() && kinds.includes('incidents')) stores.incidents.getState().reload();
    }),
    // The per-kind event until core emits data:changed for incidents; goes when incidents:changed does.
    client.on('incidents:changed', () => {
      if (signedIn()) stores.incidents.getState().reload();
    }),
  ],
});
