import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { FLEET_SORT_KEYS, FleetOverview, FleetQuery, LiveStatus } from '#shared/fleet/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import type { ChannelInput } from '#shared/ipc/contract.ts';
import { toErrorPayload } from '../../format/errors.ts';

export type FleetSortKey = (typeof FLEET_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

const DEFAULT_FLEET_QUERY: FleetQuery = { sortBy: 'clinicName', sortDir: 'asc', liveStatus: null, search: '', orgId: null };

export interface FleetState {
  query: FleetQuery;
  /** The answer to the last query; sorting and filtering happened in core, not here. */
  overview: FleetOverview | null;
  /** Whether `overview` answers a filtered query (drives "N of T sites"). */
  overviewFiltered: boolean;
  loading: boolean;
  error: ConsoleErrorPayload | null;
  refresh(): Promise<void>;
  /** A header click: the same column flips direction, another column starts ascending. */
  sortBy(key: FleetSortKey): Promise<void>;
  setLiveStatus(liveStatus: LiveStatus | null): Promise<void>;
  setSearch(search: string): Promise<void>;
  /** The org tree's selection: null = every org, '' = sites with no client org, else that org's id. */
  setOrg(orgId: string | null): Promise<void>;
  clearFilters(): Promise<void>;
  /** Drops every piece of fleet data (sign-out, lock, expiry). */
  clear(): void;
}

function isFilteredQuery(query: FleetQuery): boolean {
  return query.liveStatus !== null || query.search.trim() !== '' || query.orgId !== null;
}

/** The query as core takes it; "every org" is left to the contract's default. */
function toFleetQuery(query: FleetQuery): ChannelInput<'fleet:overview'> {
  const { orgId, ...rest } = query;
  const base = { ...rest, search: query.search.trim() };
  return orgId === null ? base : { ...base, orgId };
}

export function createFleetStore(client: ContractClient) {
  // Only the newest request may write: a slow answer to an old query (or one that lands after
  // clear()) must not overwrite what the technician asked for since.
  let generation = 0;

  return createStore<FleetState>()((set, get) => {
    async function fetchOverview(): Promise<void> {
      const ticket = ++generation;
      const query = get().query;
      set({ loading: true });
      try {
        const overview = await client.call('fleet:overview', toFleetQuery(query));
        if (ticket === generation) set({ overview, overviewFiltered: isFilteredQuery(query), loading: false, error: null });
      } catch (caught) {
        if (ticket === generation) set({ loading: false, error: toErrorPayload(caught) });
      }
    }

    function updateQuery(patch: Partial<FleetQuery>): Promise<void> {
      set({ query: { ...get().query, ...patch } });
      return fetchOverview();
    }

    return {
      query: DEFAULT_FLEET_QUERY,
      overview: null,
      overviewFiltered: false,
      loading: false,
      error: null,
      refresh: fetchOverview,
      sortBy(key) {
        const { sortBy, sortDir } = get().query;
        const nextDir: SortDirection = key === sortBy && sortDir === 'asc' ? 'desc' : 'asc';
        return updateQuery({ sortBy: key, sortDir: nextDir });
      },
      setLiveStatus: (liveStatus) => updateQuery({ liveStatus }),
      setSearch(search) {
        if (search === get().query.search) return Promise.resolve();
        return updateQuery({ search });
      },
      setOrg(orgId) {
        if (orgId === get().query.orgId) return Promise.resolve();
        return updateQuery({ orgId });
      },
      clearFilters: () => updateQuery({ liveStatus: null, search: '', orgId: null }),
      clear() {
        generation++;
        set({ query: DEFAULT_FLEET_QUERY, overview: null, overviewFiltered: false, loading: false, error: null });
      },
    };
  });
}
