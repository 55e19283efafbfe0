import type { fleetChannels, FleetOverview, SyncStatus } from '#shared/fleet/index.ts';
import type { FeatureHandlers } from '#shared/ipc/contract.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import type { CoreFeature } from '../feature-module.ts';

const EMPTY_OVERVIEW: FleetOverview = { sites: [], totalSites: 0, stats: null, syncedAt: null };

export interface FleetHandlerDeps {
  /** The open session's cache; null while none is open. */
  cache: () => CacheClient | null;
  sync: { status(): SyncStatus; syncNow(): Promise<SyncStatus> };
}

/** The fleet list, its org tree and the sync status (the sync itself is the sync loop's). */
export function createFleetFeature(deps: FleetHandlerDeps): CoreFeature<typeof fleetChannels> {
  return { handlers: createFleetHandlers(deps) };
}

/** The fleet list and org tree are queried in the cache (sorting and filtering in SQLite). */
function createFleetHandlers(deps: FleetHandlerDeps): FeatureHandlers<typeof fleetChannels> {
  return {
    'fleet:overview': async (query) => {
      const cache = deps.cache();
      return cache ? cache.queryFleet(query) : EMPTY_OVERVIEW;
    },
    'fleet:orgs': async () => {
      const cache = deps.cache();
      return { orgs: cache ? await cache.fleetOrgs() : [] };
    },
    'sync:status': async () => deps.sync.status(),
    'sync:now': () => deps.sync.syncNow(),
  };
}
