import type { FeatureHandlers } from '#shared/ipc/contract.ts';
import type { siteChannels } from '#shared/sites/index.ts';
import type { CoreFeature } from '../feature-module.ts';
import type { SiteWatcher } from './site-watcher.ts';

/** Site pages: fetched when opened, refreshed while open by the watcher. */
export function createSiteFeature(watcher: SiteWatcher): CoreFeature<typeof siteChannels> {
  return { handlers: createSiteHandlers(watcher) };
}

/** A site's page: answered from the cache at once, refreshed while it stays open (site-watcher.ts). */
function createSiteHandlers(watcher: SiteWatcher): FeatureHandlers<typeof siteChannels> {
  return {
    'site:open': (input) => watcher.open(input.siteId),
    'site:close': async (input) => ({ closed: watcher.close(input.siteId) }),
    'site:refresh': (input) => watcher.refresh(input.siteId),
  };
}
