import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { AttentionView } from '#shared/attention/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { createKitStore } from '../../kit/kit-store.ts';

export interface AttentionState {
  view: AttentionView | null;
  error: ConsoleErrorPayload | null;
  loading: boolean;
  load(): Promise<void>;
  /** Drops the list (sign-out, lock, expiry). */
  clear(): void;
}

const NO_ATTENTION: Pick<AttentionState, 'view' | 'error' | 'loading'> = { view: null, error: null, loading: false };

export function createAttentionStore(client: ContractClient) {
  return createKitStore<AttentionState>()(NO_ATTENTION, (kit) => ({
    async load() {
      await kit.load(() => client.call('attention:list'), (view) => ({ view }));
    },
  }));
}
