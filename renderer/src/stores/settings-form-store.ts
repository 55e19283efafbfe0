import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { Settings } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { toErrorPayload } from '../format/errors.ts';

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

export function createSettingsStore(client: ContractClient) {
  // Only the newest request may write, and nothing after clear().
  let generation = 0;

  return createStore<SettingsState>()((set) => ({
    settings: null,
    loading: false,
    saving: false,
    error: null,
    async load() {
      const ticket = ++generation;
      set({ loading: true });
      try {
        const settings = await client.call('settings:get');
        if (ticket === generation) set({ settings, loading: false, error: null });
      } catch (caught) {
        if (ticket === generation) set({ loading: false, error: toErrorPayload(caught) });
      }
    },
    async save(changes) {
      const ticket = ++generation;
      set({ saving: true, error: null });
      try {
        const settings = await client.call('settings:set', changes);
        if (ticket !== generation) return false;
        set({ settings, saving: false, loading: false });
        return true;
      } catch (caught) {
        if (ticket === generation) set({ saving: false, loading: false, error: toErrorPayload(caught) });
        return false;
      }
    },
    clear() {
      generation++;
      set({ settings: null, loading: false, saving: false, error: null });
    },
  }));
}
