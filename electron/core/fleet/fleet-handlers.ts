import type { fleetChannels, FleetOverview, SyncStatus } from '#shared/fleet/index.ts';
import type { FeatureHandlers } from '#shared/ipc/contract.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import type { CoreFeature } from '../feature-module.ts';
import type { SyncJob } from '../sync/sync-job.ts';
import { syncFleet } from './fleet-sync.ts';

const NO_ROWS = { rows: [], offset: 0, total: { count: 0, capped: false }, nextWindow: null };
const EMPTY_OVERVIEW: FleetOverview = { ...NO_ROWS, totalSites: 0, stats: null, syncedAt: null };

export interface FleetHandlerDeps {
  /** The open session's cache; null while none is open. */
  cache: () => CacheClient | null;
  sync: { status(): SyncStatus; syncNow(): Promise<SyncStatus> };
}

/** The fleet list, its org tree and the sync status; its sync job is the first the loop runs. */
export function createFleetFeature(deps: FleetHandlerDeps): CoreFeature<typeof fleetChannels> {
  return { handlers: createFleetHandlers(deps), syncJobs: [FLEET_SYNC_JOB] };
}

/** The fleet lists with their ETags (fleet-sync.ts); a site hint (check-in, drift) runs it early. */
const FLEET_SYNC_JOB: SyncJob = {
  name: 'fleet',
  kinds: ['fleet'],
  hints: ['site'],
  run: async ({ api, token, cache, onProgress }) => {
    const result = await syncFleet({ api, token, cache, onProgress });
    return { syncedAt: result.syncedAt, detail: { changed: result.changed, requests: result.requests, notModified: result.notModified, sites: result.siteCount } };
  },
};

/** The fleet list and org tree are queried in the cache (sorting and filtering in SQLite). */
function createFleetHandlers(deps: FleetHandlerDeps): FeatureHandlers<typeof fleetChannels> {
  return {
    'fleet:overview': async (query) => {
      const cache = deps.cache();
      return cache ? cache.queryFleet(query) : EMPTY_OVERVIEW;
    },
    'fleet:orgs': async (query) => {
      const cache = deps.cache();
      return cache ? cache.fleetOrgs(query) : NO_ROWS;
    },
    'sync:status': async () => deps.sync.status(),
    'sync:now': () => deps.sync.syncNow(),
  };
}
