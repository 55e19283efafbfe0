// The sites feature's public surface in the renderer: the app and other features import it from here.
export { SitePage } from './SitePage.tsx';
export { siteFeature } from './site-feature.ts';
export { useSite } from './use-site.ts';
