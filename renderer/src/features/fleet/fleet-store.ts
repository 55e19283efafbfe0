import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { FLEET_SORT_KEYS, FleetOverview, FleetQuery, LiveStatus } from '#shared/fleet/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import type { ChannelInput } from '#shared/ipc/contract.ts';
import { createKitStore } from '../../kit/kit-store.ts';

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

const NO_FLEET: Pick<FleetState, 'query' | 'overview' | 'overviewFiltered' | 'loading' | 'error'> = {
  query: DEFAULT_FLEET_QUERY,
  overview: null,
  overviewFiltered: false,
  loading: false,
  error: null,
};

export function createFleetStore(client: ContractClient) {
  return createKitStore<FleetState>()(NO_FLEET, (kit) => {
    async function fetchOverview(): Promise<void> {
      const query = kit.get().query;
      await kit.load(() => client.call('fleet:overview', toFleetQuery(query)), (overview) => ({ overview, overviewFiltered: isFilteredQuery(query) }));
    }

    function updateQuery(patch: Partial<FleetQuery>): Promise<void> {
      kit.set({ query: { ...kit.get().query, ...patch } });
      return fetchOverview();
    }

    return {
      refresh: fetchOverview,
      sortBy(key: FleetSortKey) {
        const { sortBy, sortDir } = kit.get().query;
        const nextDir: SortDirection = key === sortBy && sortDir === 'asc' ? 'desc' : 'asc';
        return updateQuery({ sortBy: key, sortDir: nextDir });
      },
      setLiveStatus: (liveStatus: LiveStatus | null) => updateQuery({ liveStatus }),
      setSearch(search: string) {
        if (search === kit.get().query.search) return Promise.resolve();
        return updateQuery({ search });
      },
      setOrg(orgId: string | null) {
        if (orgId === kit.get().query.orgId) return Promise.resolve();
        return updateQuery({ orgId });
      },
      clearFilters: () => updateQuery({ liveStatus: null, search: '', orgId: null }),
    };
  });
}
