import type { ChannelMap } from '#shared/ipc/channel-map.ts';
import type { FeatureHandlers } from '#shared/ipc/contract.ts';
import type { ApiClient } from './api/client.ts';
import type { CacheClient } from './cache/cache-client.ts';

/** Work a feature does after every fleet sync, named for the sync's progress ("needs attention"). */
export interface AfterFleetSync {
  step: string;
  run(api: ApiClient, token: string, cache: CacheClient): Promise<unknown>;
}

/**
 * What a data kind contributes to core: the handlers of exactly its channels, and what it fetches
 * after every fleet sync. `console-service.ts` lists each feature once.
 */
export interface CoreFeature<Map extends ChannelMap> {
  handlers: FeatureHandlers<Map>;
  afterFleetSync?: AfterFleetSync;
}
