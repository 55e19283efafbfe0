import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { SyncStatus } from '#shared/fleet/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { createKitStore } from '../kit/kit-store.ts';

export interface SyncState {
  status: SyncStatus | null;
  /** A failed sync:status / sync:now call (the sync's own failures are in status.error). */
  requestError: ConsoleErrorPayload | null;
  load(): Promise<void>;
  syncNow(): Promise<void>;
  apply(status: SyncStatus): void;
  clear(): void;
}

const NO_SYNC: Pick<SyncState, 'status' | 'requestError'> = { status: null, requestError: null };

export function createSyncStore(client: ContractClient) {
  return createKitStore<SyncState>()(NO_SYNC, (kit) => {
    // Status answers do not supersede each other (each is core's status at that moment); clear() makes them stale.
    async function request(action: () => Promise<SyncStatus>): Promise<void> {
      const outcome = await kit.request(action, { beside: true });
      if (outcome.kind === 'answered') kit.set({ status: outcome.value, requestError: null });
      if (outcome.kind === 'failed') kit.set({ requestError: outcome.error });
    }
    return {
      load: () => request(() => client.call('sync:status')),
      syncNow: () => request(() => client.call('sync:now')),
      apply: (status: SyncStatus) => kit.set({ status }),
    };
  });
}
