import type { ContractClient } from '#shared/ipc/client.ts';
import type { DataKind } from '#shared/ipc/contract.ts';

/** How one store follows the session and the data: the registry's row for it. */
export interface StoreLifecycle<Store> {
  /** Entering signed-in (or another profile's signed-in): what it fetches. Omitted: nothing. */
  signIn?(store: Store): void;
  /** A `data:changed` naming one of `kinds` (while signed in): how it asks again for what it shows. */
  reloadOn?: { kinds: readonly DataKind[]; reload(store: Store): void };
  /** Leaving signed-in, or switching profile: it drops every piece of the session's data. Omitted: it holds none. */
  signOut?(store: Store): void;
  /** Events that carry its data; each listener acts only while `signedIn()`. Returns the unsubscribers. */
  connect?(client: ContractClient, store: Store, signedIn: () => boolean): Array<() => void>;
}

/**
 * A group of stores (a feature's, or the console's own) and each one's lifecycle: `console-stores.ts`
 * creates them and drives every lifecycle from the session and `data:changed`. A feature registers
 * with one line there.
 */
export interface StoreGroup<Stores extends object> {
  createStores(client: ContractClient): Stores;
  lifecycle: { readonly [Name in keyof Stores]: StoreLifecycle<Stores[Name]> };
}

/** Infers the stores from `createStores`, so each group's lifecycle rows stay precisely typed. */
export function defineStores<Stores extends object>(group: StoreGroup<Stores>): StoreGroup<Stores> {
  return group;
}

type AnyStoreGroup = StoreGroup<Record<string, unknown>>;

interface RegisteredStore {
  name: string;
  store: unknown;
  lifecycle: StoreLifecycle<unknown>;
}

/** The registry of created stores: every group's stores, each with its lifecycle. */
export function registerStores(groups: readonly AnyStoreGroup[], created: Record<string, unknown>): RegisteredStore[] {
  return groups.flatMap((group) =>
    Object.entries(group.lifecycle).map(([name, lifecycle]) => ({ name, store: created[name], lifecycle: lifecycle as StoreLifecycle<unknown> })),
  );
}

export function signInAll(registry: readonly RegisteredStore[]): void {
  for (const { store, lifecycle } of registry) lifecycle.signIn?.(store);
}

export function signOutAll(registry: readonly RegisteredStore[]): void {
  for (const { store, lifecycle } of registry) lifecycle.signOut?.(store);
}

/** A `data:changed`: each store that shows one of the kinds reloads, once however many of its kinds changed. */
export function reloadKinds(registry: readonly RegisteredStore[], kinds: readonly DataKind[]): void {
  for (const { store, lifecycle } of registry) {
    if (lifecycle.reloadOn?.kinds.some((kind) => kinds.includes(kind))) lifecycle.reloadOn.reload(store);
  }
}

export function connectAll(registry: readonly RegisteredStore[], client: ContractClient, signedIn: () => boolean): Array<() => void> {
  return registry.flatMap(({ store, lifecycle }) => lifecycle.connect?.(client, store, signedIn) ?? []);
}

/** What each store loads on sign-in and reloads on: the registry as a table (tests and docs read it). */
export function describeRegistry(registry: readonly RegisteredStore[]): Array<{ name: string; loadsOnSignIn: boolean; reloadsOn: readonly DataKind[]; clearedOnSignOut: boolean }> {
  return registry.map(({ name, lifecycle }) => ({
    name,
    loadsOnSignIn: lifecycle.signIn !== undefined,
    reloadsOn: lifecycle.reloadOn?.kinds ?? [],
    clearedOnSignOut: lifecycle.signOut !== undefined,
  }));
}
