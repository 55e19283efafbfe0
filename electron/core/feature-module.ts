import type { ChannelMap } from '#shared/ipc/channel-map.ts';
import type { FeatureHandlers } from '#shared/ipc/contract.ts';
import type { SyncJob } from './sync/sync-job.ts';

/**
 * What a data kind contributes to core: the handlers of exactly its channels, and the background
 * sync jobs that keep its cached data current (the sync loop runs them). `console-service.ts` lists
 * each feature once.
 */
export interface CoreFeature<Map extends ChannelMap> {
  handlers: FeatureHandlers<Map>;
  syncJobs?: readonly SyncJob[];
}
