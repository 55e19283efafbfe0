import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { PinnedCaView } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { toErrorPayload } from '../format/errors.ts';

export interface PinnedCaState {
  /** The signed-in profile's pinned CA; null with the system's CAs only, or before `loaded`. */
  pinned: PinnedCaView | null;
  loaded: boolean;
  replacing: boolean;
  /** The last failed ca:pinned or ca:replace, message as core wrote it. */
  error: ConsoleErrorPayload | null;
  load(): Promise<void>;
  /** Resolves true once core pinned the new file. */
  replace(caFilePath: string): Promise<boolean>;
}

export function createPinnedCaStore(client: ContractClient) {
  // Only the newest request may write.
  let generation = 0;
  return createStore<PinnedCaState>()((set) => ({
    pinned: null,
    loaded: false,
    replacing: false,
    error: null,
    async load() {
      const ticket = ++generation;
      set({ pinned: null, loaded: false, error: null });
      try {
        const { pinned } = await client.call('ca:pinned');
        if (ticket === generation) set({ pinned, loaded: true });
      } catch (caught) {
        if (ticket === generation) set({ loaded: true, error: toErrorPayload(caught) });
      }
    },
    async replace(caFilePath) {
      const ticket = ++generation;
      set({ replacing: true, error: null });
      try {
        const { pinned } = await client.call('ca:replace', { caFilePath });
        if (ticket === generation) set({ pinned, loaded: true, replacing: false });
        return ticket === generation;
      } catch (caught) {
        if (ticket === generation) set({ replacing: false, error: toErrorPayload(caught) });
        return false;
      }
    },
  }));
}
