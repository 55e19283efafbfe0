import type { ContractClient } from '#shared/ipc/client.ts';
import type { SessionSnapshot } from '#shared/ipc/contract.ts';
import type { SessionState as SessionLifecycleState } from '#shared/session/machine.ts';
import { CACHED_READS } from '#shared/session/state-sets.ts';
import type { UnionToIntersection } from '#shared/util/types.ts';
import { connectAll, registerStores, reloadKinds, signInAll, signOutAll, type StoreGroup } from '../kit/store-registry.ts';
import { createSessionStore } from './session-store.ts';
import { consoleFeature } from './console-feature.ts';
import { followDeepLinks } from '../features/deep-links/follow-deep-links.ts';
import { fleetFeature } from '../features/fleet/index.ts';
import { siteFeature } from '../features/sites/index.ts';
import { attentionFeature } from '../features/attention/index.ts';
import { incidentsFeature } from '../features/incidents/index.ts';

/** Every group of stores, the console's own and each data kind's (features/<kind>/<kind>-feature.ts): one line each. */
const STORE_GROUPS = [consoleFeature, fleetFeature, siteFeature, attentionFeature, incidentsFeature] as const;

type GroupStores = UnionToIntersection<ReturnType<(typeof STORE_GROUPS)[number]['createStores']>>;

export function createConsoleStores(client: ContractClient) {
  const groupStores = Object.assign({}, ...STORE_GROUPS.map((group) => group.createStores(client))) as GroupStores;
  return { session: createSessionStore(client), ...groupStores };
}

export type ConsoleStores = ReturnType<typeof createConsoleStores>;

/** The registry of the created stores: what each loads on sign-in, reloads on which kinds, drops on sign-out. */
export function storeRegistry(stores: ConsoleStores) {
  return registerStores(STORE_GROUPS as unknown as readonly StoreGroup<Record<string, unknown>>[], stores);
}

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
 * Feeds the stores from the bridge's events and keeps them consistent with the session: entering
 * signed-in runs every store's sign-in load; leaving it (sign-out, lock, expiry) or switching profile
 * drops every store's session data first; `data:changed` reloads the stores that show the kinds it
 * names. Returns a function that disconnects everything.
 */
function connectConsoleStores(client: ContractClient, stores: ConsoleStores): () => void {
  const signedIn = () => showsCachedData(stores.session.getState().snapshot?.state);
  const registry = storeRegistry(stores);

  const unsubscribers = [
    stores.session.subscribe((now, before) => {
      const nowIdentity = identityOf(now.snapshot);
      const beforeIdentity = identityOf(before.snapshot);
      if (nowIdentity === beforeIdentity) return;
      if (beforeIdentity !== null) signOutAll(registry);
      if (nowIdentity !== null) signInAll(registry);
    }),
    client.on('session:changed', (snapshot) => stores.session.getState().applySnapshot(snapshot)),
    client.on('data:changed', ({ kinds }) => {
      if (signedIn()) reloadKinds(registry, kinds);
    }),
    ...connectAll(registry, client, signedIn),
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
