import type { ChannelHandlers } from '#shared/ipc/contract.ts';
import type { IdleLock } from '../lock/idle-lock.ts';
import type { SettingsStore } from './settings-store.ts';

export interface SettingsHandlerDeps {
  settings: SettingsStore;
  idleLock: IdleLock;
  /** The idle time the settings now ask for (tests may override it). */
  idleMs: () => Promise<number>;
}

/** Console-wide settings; a new idle time applies to the running idle lock at once. */
export function createSettingsHandlers(deps: SettingsHandlerDeps): Pick<ChannelHandlers, 'settings:get' | 'settings:set'> {
  return {
    'settings:get': () => deps.settings.get(),
    'settings:set': async (input) => {
      const updated = await deps.settings.update(input);
      deps.idleLock.setIdleMs(await deps.idleMs());
      return updated;
    },
  };
}
