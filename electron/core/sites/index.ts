// The sites feature's public surface in core: the composition root and other features import it from here.
export { createSiteFeature } from './site-handlers.ts';
export { createSiteWatcher, type SiteWatcher } from './site-watcher.ts';
