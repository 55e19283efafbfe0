import { useStore } from 'zustand';
import { useConsoleStores } from '../../stores/use-stores.ts';
import type { FleetState } from './fleet-store.ts';
import type { OrgState } from './org-store.ts';

export function useFleet<T>(selector: (state: FleetState) => T): T {
  return useStore(useConsoleStores().fleet, selector);
}

export function useOrgs<T>(selector: (state: OrgState) => T): T {
  return useStore(useConsoleStores().orgs, selector);
}
