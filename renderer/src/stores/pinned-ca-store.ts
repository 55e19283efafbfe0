import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { PinnedCaView } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { createKitStore } from '../kit/kit-store.ts';

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

const NO_PINNED_CA: Pick<PinnedCaState, 'pinned' | 'loaded' | 'replacing' | 'error'> = { pinned: null, loaded: false, replacing: false, error: null };

export function createPinnedCaStore(client: ContractClient) {
  return createKitStore<PinnedCaState>()(NO_PINNED_CA, (kit) => ({
    async load() {
      kit.set({ pinned: null, loaded: false, error: null });
      const outcome = await kit.request(() => client.call('ca:pinned'));
      if (outcome.kind === 'answered') kit.set({ pinned: outcome.value.pinned, loaded: true });
      if (outcome.kind === 'failed') kit.set({ loaded: true, error: outcome.error });
    },
    async replace(caFilePath: string) {
      kit.set({ replacing: true, error: null });
      const outcome = await kit.request(() => client.call('ca:replace', { caFilePath }));
      if (outcome.kind === 'answered') kit.set({ pinned: outcome.value.pinned, loaded: true, replacing: false });
      if (outcome.kind === 'failed') kit.set({ replacing: false, error: outcome.error });
      return outcome.kind === 'answered';
    },
  }));
}
