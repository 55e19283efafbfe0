import { FleetView } from './features/fleet/index.ts';
import { SitePage, useSite } from './features/sites/index.ts';

/**
 * Everything the console shows once the password is proven: the fleet, a site's page, and the
 * header with its dialogs. Its own chunk, loaded lazily (see `signed-in-chunk.ts`).
 */
export function SignedInConsole() {
  const openSiteId = useSite((s) => s.openSiteId);
  // Keyed so another site starts from a fresh page.
  return openSiteId === null ? <FleetView /> : <SitePage key={openSiteId} siteId={openSiteId} />;
}
