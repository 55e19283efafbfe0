import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { AttentionView } from '#shared/attention/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { toErrorPayload } from '../../format/errors.ts';

export interface AttentionState {
  view: AttentionView | null;
  error: ConsoleErrorPayload | null;
  loading: boolean;
  load(): Promise<void>;
  /** Drops the list (sign-out, lock, expiry). */
  clear(): void;
}

export function createAttentionStore(client: ContractClient) {
  // Only the newest request may write, and nothing after clear().
  let generation = 0;

  return createStore<AttentionState>()((set) => ({
    view: null,
    error: null,
    loading: false,
    async load() {
      const ticket = ++generation;
      set({ loading: true });
      try {
        const view = await client.call('attention:list');
        if (ticket === generation) set({ view, error: null, loading: false });
      } catch (caught) {
        if (ticket === generation) set({ error: toErrorPayload(caught), loading: false });
      }
    },
    clear() {
      generation++;
      set({ view: null, error: null, loading: false });
    },
  }));
}
