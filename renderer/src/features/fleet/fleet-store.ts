import type { FLEET_SORT_KEYS, FleetOverview, FleetSite, LiveStatus } from '#shared/fleet/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import type { ChannelInput } from '#shared/ipc/contract.ts';
import type { StoreApi } from 'zustand/vanilla';
import { createKitStore } from '../../kit/kit-store.ts';
import { createWindowedListStore, type WindowedListState } from '../../kit/windowed-list-store.ts';

export type FleetSortKey = (typeof FLEET_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

/** What the technician chose above the sites table; core sorts and filters. */
export interface FleetViewQuery {
  sortBy: FleetSortKey;
  sortDir: SortDirection;
  liveStatus: LiveStatus | null;
  search: string;
  /** The org tree's selection: null = every org, '' = sites with no client org, else that org's id. */
  orgId: string | null;
}

/** The sites table's query as the contract takes it, less the window the list store adds. */
export type SitesListQuery = Omit<NonNullable<ChannelInput<'fleet:overview'>>, 'window' | 'limit'>;
export type SitesListState = WindowedListState<SitesListQuery, FleetSite, FleetOverview>;
export type SitesListStore = StoreApi<SitesListState>;

const DEFAULT_FLEET_QUERY: FleetViewQuery = { sortBy: 'clinicName', sortDir: 'asc', liveStatus: null, search: '', orgId: null };

/** The sites table fetches 100 rows at a time and keeps two windows on either side of the visible ones. */
const SITES_WINDOW = { windowSize: 100, keepWindows: 2 };

export interface FleetState {
  query: FleetViewQuery;
  /** Asks for the current query's first window again (signing in). */
  refresh(): void;
  /** A header click: the same column flips direction, another column starts ascending. */
  sortBy(key: FleetSortKey): void;
  setLiveStatus(liveStatus: LiveStatus | null): void;
  setSearch(search: string): void;
  setOrg(orgId: string | null): void;
  clearFilters(): void;
  /** Back to the default query (sign-out, lock, expiry); the sites list clears itself. */
  clear(): void;
}

export function isFilteredQuery(query: SitesListQuery | null): boolean {
  if (query === null) return false;
  return (query.filters?.liveStatus ?? null) !== null || (query.search ?? '').trim() !== '' || (query.filters?.orgId ?? null) !== null;
}

function toSitesListQuery(query: FleetViewQuery): SitesListQuery {
  const { liveStatus, orgId, ...rest } = query;
  // "Every org" is left to the contract's default.
  return { ...rest, search: query.search.trim(), filters: orgId === null ? { liveStatus } : { liveStatus, orgId } };
}

/** The sites table's windows of `fleet:overview`: only what the virtualizer is about to show crosses the contract. */
export function createSitesListStore(client: ContractClient): SitesListStore {
  return createWindowedListStore<SitesListQuery, FleetSite, FleetOverview>(
    {
      fetchWindow: (query, window) => client.call('fleet:overview', { ...query, window: { offset: window.offset }, limit: window.limit }),
      rowKey: (site) => site.siteId,
    },
    SITES_WINDOW,
  );
}

export function createFleetStore(sites: SitesListStore) {
  return createKitStore<FleetState>()({ query: DEFAULT_FLEET_QUERY }, (kit) => {
    function updateQuery(patch: Partial<FleetViewQuery>): void {
      const query = { ...kit.get().query, ...patch };
      kit.set({ query });
      sites.getState().setQuery(toSitesListQuery(query));
    }

    return {
      refresh: () => updateQuery({}),
      sortBy(key) {
        const { sortBy, sortDir } = kit.get().query;
        const nextDir: SortDirection = key === sortBy && sortDir === 'asc' ? 'desc' : 'asc';
        updateQuery({ sortBy: key, sortDir: nextDir });
      },
      setLiveStatus: (liveStatus) => updateQuery({ liveStatus }),
      setSearch(search) {
        if (search !== kit.get().query.search) updateQuery({ search });
      },
      setOrg(orgId) {
        if (orgId !== kit.get().query.orgId) updateQuery({ orgId });
      },
      clearFilters: () => updateQuery({ liveStatus: null, search: '', orgId: null }),
    };
  });
}
