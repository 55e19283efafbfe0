import type { ContractClient } from '#shared/ipc/client.ts';
import type { SessionSnapshot } from '#shared/ipc/contract.ts';
import type { SessionState as SessionLifecycleState } from '#shared/session/machine.ts';
import { createAppInfoStore } from './app-info-store.ts';
import { createAttentionStore } from './attention-store.ts';
import { createFleetStore } from './fleet-store.ts';
import { createIdleWarningStore } from './idle-warning-store.ts';
import { createOrgStore } from './org-store.ts';
import { createPinnedCaStore } from './pinned-ca-store.ts';
import { createProfileStore } from './profile-store.ts';
import { createSessionStore } from './session-store.ts';
import { createSettingsStore } from './settings-store.ts';
import { createSiteStore } from './site-store.ts';
import { createSyncStore } from './sync-store.ts';
import { followDeepLinks } from '../features/deep-links/follow-deep-links.ts';
import { createUpdateStore } from '../features/updates/update-store.ts';

export function createConsoleStores(client: ContractClient) {
  return {
    appInfo: createAppInfoStore(client),
    session: createSessionStore(client),
    fleet: createFleetStore(client),
    orgs: createOrgStore(client),
    sync: createSyncStore(client),
    site: createSiteStore(client),
    attention: createAttentionStore(client),
    profiles: createProfileStore(client),
    idleWarning: createIdleWarningStore(),
    settings: createSettingsStore(client),
    updates: createUpdateStore(client),
    pinnedCa: createPinnedCaStore(client),
  };
}

export type ConsoleStores = ReturnType<typeof createConsoleStores>;

function isSignedIn(state: SessionLifecycleState | undefined): boolean {
  return state === 'signed-in';
}

/** Whose fleet the stores hold: another server or user (a profile switch) must not see the previous one's data. */
function identityOf(snapshot: SessionSnapshot | null): string | null {
  if (!snapshot || !isSignedIn(snapshot.state)) return null;
  return JSON.stringify([snapshot.server?.origin ?? null, snapshot.user?.id ?? null]);
}

/**
 * Feeds the stores from the bridge's events and keeps them consistent with the session:
 * entering signed-in loads the fleet, its org tree, sync status, attention list and settings; leaving it (sign-out, lock,
 * expiry) drops every piece of fleet and site data, any idle warning, and closes the open site in core. Returns a function that disconnects everything.
 */
function connectConsoleStores(client: ContractClient, stores: ConsoleStores): () => void {
  const signedIn = () => isSignedIn(stores.session.getState().snapshot?.state);

  const unsubscribers = [
    stores.session.subscribe((now, before) => {
      const nowIdentity = identityOf(now.snapshot);
      const beforeIdentity = identityOf(before.snapshot);
      if (nowIdentity === beforeIdentity) return;
      // Leaving signed-in, or switching from one signed-in profile to another: drop the previous data first.
      if (beforeIdentity !== null) {
        stores.fleet.getState().clear();
        stores.orgs.getState().clear();
        stores.sync.getState().clear();
        stores.site.getState().clear();
        stores.attention.getState().clear();
        stores.idleWarning.getState().clear();
        stores.settings.getState().clear();
      }
      if (nowIdentity !== null) {
        void stores.fleet.getState().refresh();
        void stores.orgs.getState().load();
        void stores.sync.getState().load();
        void stores.attention.getState().load();
        void stores.settings.getState().load();
      }
    }),
    client.on('session:changed', (snapshot) => stores.session.getState().applySnapshot(snapshot)),
    client.on('sync:changed', (status) => {
      if (signedIn()) stores.sync.getState().apply(status);
    }),
    client.on('fleet:changed', () => {
      if (!signedIn()) return;
      void stores.fleet.getState().refresh();
      void stores.orgs.getState().load();
      void stores.attention.getState().load();
    }),
    client.on('site:changed', (view) => {
      if (signedIn()) stores.site.getState().apply(view);
    }),
    client.on('session:idleWarning', ({ locksAt }) => {
      if (signedIn()) stores.idleWarning.getState().apply(locksAt);
    }),
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
