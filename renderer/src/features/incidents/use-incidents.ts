import { useStore } from 'zustand';
import { useConsoleStores } from '../../stores/use-stores.ts';
import type { IncidentListStore, IncidentsState } from './incidents-store.ts';
import type { WindowedListState } from '../../kit/windowed-list-store.ts';
import type { IncidentListQuery } from './incident-list-query.ts';
import type { IncidentRow } from './incidents-store.ts';

export function useIncidents<T>(selector: (state: IncidentsState) => T): T {
  return useStore(useConsoleStores().incidents, selector);
}

export function useIncidentList<T>(list: IncidentListStore, selector: (state: WindowedListState<IncidentListQuery, IncidentRow>) => T): T {
  return useStore(list, selector);
}
