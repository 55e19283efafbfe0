import type { ContractClient } from '#shared/ipc/client.ts';

/**
 * A renderer feature's stores and how they follow the session: `console-stores.ts` creates them,
 * loads them when the session enters signed-in, clears them when it leaves, and connects their
 * event subscriptions. A feature registers with one line there.
 */
export interface FeatureModule<Stores extends object> {
  createStores(client: ContractClient): Stores;
  /** Entering signed-in (or another profile's signed-in): fetch what the feature shows. */
  load(stores: Stores): void;
  /** Leaving signed-in, or switching profile: drop every piece of the feature's data. */
  clear(stores: Stores): void;
  /** The feature's event subscriptions; each listener acts only while `signedIn()`. Returns the unsubscribers. */
  connect(client: ContractClient, stores: Stores, signedIn: () => boolean): Array<() => void>;
}

/** Infers the feature's stores from `createStores`, so each feature's module stays precisely typed. */
export function defineFeature<Stores extends object>(module: FeatureModule<Stores>): FeatureModule<Stores> {
  return module;
}
