import { FleetView } from './features/fleet/index.ts';
import { IncidentsEntry, useIncidents } from './features/incidents/index.ts';
import { SitePage, useSite } from './features/sites/index.ts';

/**
 * Everything the console shows once the password is proven: the fleet, a site's page, the
 * incidents (a chunk of their own), and the header with its dialogs. Its own chunk, loaded lazily
 * (see `signed-in-chunk.tsx`).
 */
export function SignedInConsole() {
  const openSiteId = useSite((s) => s.openSiteId);
  const incidentsActive = useIncidents((s) => s.active);
  // Keyed so another site starts from a fresh page; a site opened from an incident returns to the incidents.
  if (openSiteId !== null) return <SitePage key={openSiteId} siteId={openSiteId} />;
  return incidentsActive ? <IncidentsEntry /> : <FleetView />;
}
