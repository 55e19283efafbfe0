import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { SyncStatus } from '#shared/fleet/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { toErrorPayload } from '../format/errors.ts';

export interface SyncState {
  status: SyncStatus | null;
  /** A failed sync:status / sync:now call (the sync's own failures are in status.error). */
  requestError: ConsoleErrorPayload | null;
  load(): Promise<void>;
  syncNow(): Promise<void>;
  apply(status: SyncStatus): void;
  clear(): void;
}

export function createSyncStore(client: ContractClient) {
  // Answers that land after clear() belong to a session that is gone.
  let generation = 0;

  return createStore<SyncState>()((set) => {
    async function request(action: () => Promise<SyncStatus>): Promise<void> {
      const ticket = generation;
      try {
        const status = await action();
        if (ticket === generation) set({ status, requestError: null });
      } catch (caught) {
        if (ticket === generation) set({ requestError: toErrorPayload(caught) });
      }
    }

    return {
      status: null,
      requestError: null,
      load: () => request(() => client.call('sync:status')),
      syncNow: () => request(() => client.call('sync:now')),
      apply: (status) => set({ status }),
      clear() {
        generation++;
        set({ status: null, requestError: null });
      },
    };
  });
}
