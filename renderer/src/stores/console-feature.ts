import { defineStores } from '../kit/store-registry.ts';
import { createAppInfoStore } from './app-info-store.ts';
import { createIdleWarningStore } from './idle-warning-store.ts';
import { createPinnedCaStore } from './pinned-ca-store.ts';
import { createProfileStore } from './profile-list-store.ts';
import { createSettingsStore } from './settings-form-store.ts';
import { createSyncStore } from './sync-store.ts';
import { createUpdateStore } from '../features/updates/update-store.ts';

/**
 * The console's own stores, on every screen: the sync status, settings, profiles, the idle warning,
 * updates. The session store is not among them: it is what drives every lifecycle (console-stores.ts).
 */
export const consoleFeature = defineStores({
  createStores: (client) => ({
    appInfo: createAppInfoStore(client),
    sync: createSyncStore(client),
    profiles: createProfileStore(client),
    idleWarning: createIdleWarningStore(),
    settings: createSettingsStore(client),
    updates: createUpdateStore(client),
    pinnedCa: createPinnedCaStore(client),
  }),
  lifecycle: {
    // Shell facts and the profile list are not a session's data; the views load them when they show them.
    appInfo: {},
    profiles: {},
    pinnedCa: {},
    sync: {
      signIn: (store) => void store.getState().load(),
      signOut: (store) => store.getState().clear(),
      connect: (client, store, signedIn) => [
        client.on('sync:changed', (status) => {
          if (signedIn()) store.getState().apply(status);
        }),
      ],
    },
    idleWarning: {
      signOut: (store) => store.getState().clear(),
      connect: (client, store, signedIn) => [
        client.on('session:idleWarning', ({ locksAt }) => {
          if (signedIn()) store.getState().apply(locksAt);
        }),
      ],
    },
    settings: {
      signIn: (store) => void store.getState().load(),
      signOut: (store) => store.getState().clear(),
    },
    updates: {
      // Kept current from the moment the stores exist: core only sends it while signed in.
      connect: (client, store) => [client.on('update:changed', (update) => store.getState().apply(update))],
    },
  },
});
