import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppInfoState } from './app-info-store.ts';
import type { ConsoleStores } from './console-stores.ts';
import type { IdleWarningState } from './idle-warning-store.ts';
import type { ProfileState } from './profile-list-store.ts';
import type { SessionState } from './session-store.ts';
import type { SettingsState } from './settings-form-store.ts';
import type { SyncState } from './sync-store.ts';

/** The app-wide stores' hooks; each feature has its own (features/<kind>/use-<kind>.ts). */
export const ConsoleStoresContext = createContext<ConsoleStores | null>(null);

export function useConsoleStores(): ConsoleStores {
  const stores = useContext(ConsoleStoresContext);
  if (!stores) throw new Error('useConsoleStores needs a ConsoleStoresContext provider');
  return stores;
}

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(useConsoleStores().session, selector);
}

export function useSync<T>(selector: (state: SyncState) => T): T {
  return useStore(useConsoleStores().sync, selector);
}

export function useAppInfo<T>(selector: (state: AppInfoState) => T): T {
  return useStore(useConsoleStores().appInfo, selector);
}

export function useProfiles<T>(selector: (state: ProfileState) => T): T {
  return useStore(useConsoleStores().profiles, selector);
}

export function useIdleWarning<T>(selector: (state: IdleWarningState) => T): T {
  return useStore(useConsoleStores().idleWarning, selector);
}

export function useSettings<T>(selector: (state: SettingsState) => T): T {
  return useStore(useConsoleStores().settings, selector);
}
