import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppInfoState } from './app-info-store.ts';
import type { AttentionState } from '../features/attention/attention-store.ts';
import type { ConsoleStores } from './console-stores.ts';
import type { FleetState } from '../features/fleet/fleet-store.ts';
import type { IdleWarningState } from './idle-warning-store.ts';
import type { OrgState } from '../features/fleet/org-store.ts';
import type { ProfileState } from './profile-list-store.ts';
import type { SessionState } from './session-store.ts';
import type { SettingsState } from './settings-form-store.ts';
import type { SiteState } from '../features/sites/site-store.ts';
import type { SyncState } from './sync-store.ts';

export const ConsoleStoresContext = createContext<ConsoleStores | null>(null);

export function useConsoleStores(): ConsoleStores {
  const stores = useContext(ConsoleStoresContext);
  if (!stores) throw new Error('useConsoleStores needs a ConsoleStoresContext provider');
  return stores;
}

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(useConsoleStores().session, selector);
}

export function useFleet<T>(selector: (state: FleetState) => T): T {
  return useStore(useConsoleStores().fleet, selector);
}

export function useSync<T>(selector: (state: SyncState) => T): T {
  return useStore(useConsoleStores().sync, selector);
}

export function useAppInfo<T>(selector: (state: AppInfoState) => T): T {
  return useStore(useConsoleStores().appInfo, selector);
}

export function useSite<T>(selector: (state: SiteState) => T): T {
  return useStore(useConsoleStores().site, selector);
}

export function useAttention<T>(selector: (state: AttentionState) => T): T {
  return useStore(useConsoleStores().attention, selector);
}

export function useOrgs<T>(selector: (state: OrgState) => T): T {
  return useStore(useConsoleStores().orgs, selector);
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
