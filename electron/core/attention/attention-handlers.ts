import type { attentionChannels } from '#shared/attention/index.ts';
import type { FeatureHandlers } from '#shared/ipc/contract.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { cachedAttention, EMPTY_ATTENTION } from './attention-sync.ts';

export interface AttentionHandlerDeps {
  /** The open session's cache; null while none is open. */
  cache: () => CacheClient | null;
}

/** The attention list is answered from the cache; the fleet sync refreshes it (attention-sync.ts). */
export function createAttentionHandlers(deps: AttentionHandlerDeps): FeatureHandlers<typeof attentionChannels> {
  return {
    'attention:list': async () => {
      const cache = deps.cache();
      return cache ? cachedAttention(cache) : EMPTY_ATTENTION;
    },
  };
}
