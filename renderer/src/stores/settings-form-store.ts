import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { Settings } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { createKitStore } from '../kit/kit-store.ts';

export interface SettingsState {
  /** Core's console-wide settings; null until settings:get has answered. */
  settings: Settings | null;
  loading: boolean;
  saving: boolean;
  /** The last failed settings:get or settings:set. */
  error: ConsoleErrorPayload | null;
  load(): Promise<void>;
  /** Resolves true once core has accepted (and answered with) the new settings. */
  save(changes: Partial<Settings>): Promise<boolean>;
  /** Leaving signed-in: the next session loads them afresh. */
  clear(): void;
}

const NO_SETTINGS: Pick<SettingsState, 'settings' | 'loading' | 'saving' | 'error'> = { settings: null, loading: false, saving: false, error: null };

export function createSettingsStore(client: ContractClient) {
  return createKitStore<SettingsState>()(NO_SETTINGS, (kit) => ({
    async load() {
      await kit.load(() => client.call('settings:get'), (settings) => ({ settings }));
    },
    async save(changes: Partial<Settings>) {
      kit.set({ saving: true, error: null });
      const outcome = await kit.request(() => client.call('settings:set', changes));
      if (outcome.kind === 'answered') kit.set({ settings: outcome.value, saving: false, loading: false });
      if (outcome.kind === 'failed') kit.set({ saving: false, loading: false, error: outcome.error });
      return outcome.kind === 'answered';
    },
  }));
}
