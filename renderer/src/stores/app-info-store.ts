import { createStore } from 'zustand/vanilla';
import type { AppInfo } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';

/** What the shell offers: version, platform, optional native affordances. */
export interface AppInfoState {
  info: AppInfo | null;
  load(): Promise<void>;
  /** The shell's native picker; null when the technician cancels or the shell has none. */
  chooseCaFile(): Promise<string | null>;
}

export function createAppInfoStore(client: ContractClient) {
  return createStore<AppInfoState>()((set) => ({
    info: null,
    async load() {
      try {
        set({ info: await client.call('app:info') });
      } catch {
        // Without app info the console still works; it only hides optional affordances (Browse…).
        set({ info: null });
      }
    },
    async chooseCaFile() {
      try {
        return (await client.call('dialog:chooseCaFile')).path;
      } catch {
        return null;
      }
    },
  }));
}
