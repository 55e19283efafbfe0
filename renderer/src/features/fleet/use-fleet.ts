import { useStore } from 'zustand';
import { useConsoleStores } from '../../stores/use-stores.ts';
import type { FleetState, SitesListState } from './fleet-store.ts';
import type { OrgState } from './org-store.ts';

export function useFleet<T>(selector: (state: FleetState) => T): T {
  return useStore(useConsoleStores().fleet, selector);
}

/** The sites table's windows, and the newest answer's counts, stats and sync time. */
export function useFleetSites<T>(selector: (state: SitesListState) => T): T {
  return useStore(useConsoleStores().fleetSites, selector);
}

export function useOrgs<T>(selector: (state: OrgState) => T): T {
  return useStore(useConsoleStores().orgs, selector);
}
