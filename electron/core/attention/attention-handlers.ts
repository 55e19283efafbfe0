import type { attentionChannels } from '#shared/attention/index.ts';
import type { FeatureHandlers } from '#shared/ipc/contract.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import type { CoreFeature } from '../feature-module.ts';
import { cachedAttention, EMPTY_ATTENTION, syncAttention } from './attention-sync.ts';

export interface AttentionHandlerDeps {
  /** The open session's cache; null while none is open. */
  cache: () => CacheClient | null;
}

/** The attention list: fetched by its own sync job, answered from the cache. */
export function createAttentionFeature(deps: AttentionHandlerDeps): CoreFeature<typeof attentionChannels> {
  return {
    handlers: createAttentionHandlers(deps),
    syncJobs: [
      {
        name: 'needs attention',
        kinds: ['attention'],
        // A check-in or a drift changes what needs attention as much as the fleet.
        hints: ['site'],
        run: async ({ api, token, cache }) => {
          const view = await syncAttention(api, token, cache);
          return { syncedAt: view.asOf ?? new Date().toISOString(), detail: { items: view.items.length } };
        },
      },
    ],
  };
}

/** The attention list is answered from the cache; its own sync job (`needs attention`, attention-sync.ts) refreshes it. */
function createAttentionHandlers(deps: AttentionHandlerDeps): FeatureHandlers<typeof attentionChannels> {
  return {
    'attention:list': async () => {
      const cache = deps.cache();
      return cache ? cachedAttention(cache) : EMPTY_ATTENTION;
    },
  };
}
