import type { ContractClient } from '#shared/ipc/client.ts';
import type { SessionSnapshot } from '#shared/ipc/contract.ts';
import type { SessionState as SessionLifecycleState } from '#shared/session/machine.ts';
import { CACHED_READS } from '#shared/session/state-sets.ts';
import { createAppInfoStore } from './app-info-store.ts';
import { createIdleWarningStore } from './idle-warning-store.ts';
import { createPinnedCaStore } from './pinned-ca-store.ts';
import { createProfileStore } from './profile-list-store.ts';
import { createSessionStore } from './session-store.ts';
import { createSettingsStore } from './settings-form-store.ts';
import { createSyncStore } from './sync-store.ts';
import { followDeepLinks } from '../features/deep-links/follow-deep-links.ts';
import { createUpdateStore } from '../features/updates/update-store.ts';
import type { UnionToIntersection } from '#shared/util/types.ts';
import { fleetFeature } from '../features/fleet/index.ts';
import { siteFeature } from '../features/sites/index.ts';
import { attentionFeature } from '../features/attention/index.ts';

/** Each data kind's stores (features/<kind>/<kind>-feature.ts): one line per feature. */
const FEATURES = [fleetFeature, siteFeature, attentionFeature] as const;

type FeatureStores = UnionToIntersection<ReturnType<(typeof FEATURES)[number]['createStores']>>;

export function createConsoleStores(client: ContractClient) {
  const featureStores = Object.assign({}, ...FEATURES.map((feature) => feature.createStores(client))) as FeatureStores;
  return {
    appInfo: createAppInfoStore(client),
    session: createSessionStore(client),
    sync: createSyncStore(client),
    profiles: createProfileStore(client),
    idleWarning: createIdleWarningStore(),
    settings: createSettingsStore(client),
    updates: createUpdateStore(client),
    pinnedCa: createPinnedCaStore(client),
    ...featureStores,
  };
}

export type ConsoleStores = ReturnType<typeof createConsoleStores>;

/** Whether the console shows cached data: signed in, or reviewing it offline without a session (same stores, same data). */
function showsCachedData(state: SessionLifecycleState | undefined): boolean {
  return state !== undefined && CACHED_READS[state];
}

/** Whose fleet the stores hold: another server or user (a profile switch) must not see the previous one's data. */
function identityOf(snapshot: SessionSnapshot | null): string | null {
  if (!snapshot || !showsCachedData(snapshot.state)) return null;
  return JSON.stringify([snapshot.server?.origin ?? null, snapshot.user?.id ?? null]);
}

/**
 * Feeds the stores from the bridge's events and keeps them consistent with the session:
 * entering signed-in loads each feature's data (fleet, org tree, attention list), the sync status and settings; leaving it
 * (sign-out, lock, expiry) drops every feature's data (closing the open site in core), any idle warning and the settings. Returns a function that disconnects everything.
 */
function connectConsoleStores(client: ContractClient, stores: ConsoleStores): () => void {
  const signedIn = () => showsCachedData(stores.session.getState().snapshot?.state);

  const unsubscribers = [
    stores.session.subscribe((now, before) => {
      const nowIdentity = identityOf(now.snapshot);
      const beforeIdentity = identityOf(before.snapshot);
      if (nowIdentity === beforeIdentity) return;
      // Leaving signed-in, or switching from one signed-in profile to another: drop the previous data first.
      if (beforeIdentity !== null) {
        for (const feature of FEATURES) feature.clear(stores);
        stores.sync.getState().clear();
        stores.idleWarning.getState().clear();
        stores.settings.getState().clear();
      }
      if (nowIdentity !== null) {
        for (const feature of FEATURES) feature.load(stores);
        void stores.sync.getState().load();
        void stores.settings.getState().load();
      }
    }),
    client.on('session:changed', (snapshot) => stores.session.getState().applySnapshot(snapshot)),
    client.on('sync:changed', (status) => {
      if (signedIn()) stores.sync.getState().apply(status);
    }),
    client.on('session:idleWarning', ({ locksAt }) => {
      if (signedIn()) stores.idleWarning.getState().apply(locksAt);
    }),
    ...FEATURES.flatMap((feature) => feature.connect(client, stores, signedIn)),
    followDeepLinks(client, stores),
  ];

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

/** Subscribes first, then asks for the current state, so no event falls between the two. */
export async function startConsole(client: ContractClient, stores: ConsoleStores): Promise<() => void> {
  const disconnect = connectConsoleStores(client, stores);
  await Promise.all([stores.appInfo.getState().load(), stores.session.getState().load()]);
  return disconnect;
}
