import type { Log } from '../log.ts';
import type { SyncJob } from '../sync/sync-job.ts';
import { syncIncidents } from './incident-sync.ts';

/** The incident cycle (incident-sync.ts) as a sync job; a burst of incident hints runs it early. */
export function incidentSyncJob(log: Log): SyncJob {
  return {
    name: 'incidents',
    kinds: ['incidents'],
    hints: ['incident'],
    run: async ({ api, token, cache, onProgress }) => {
      const result = await syncIncidents({ api, token, cache, log, onProgress });
      return { syncedAt: new Date().toISOString(), changed: !result.unchanged, detail: { requests: result.requests, notModified: result.notModified } };
    },
  };
}
