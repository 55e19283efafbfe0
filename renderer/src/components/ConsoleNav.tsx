import { useConsoleStores } from '../stores/use-stores.ts';
import { useIncidents } from '../features/incidents/index.ts';
import { useSite } from '../features/sites/index.ts';

/** The console's sections; where the technician is lives in the stores (app state), never in the URL. */
export function ConsoleNav() {
  const stores = useConsoleStores();
  const incidentsActive = useIncidents((s) => s.active);
  const siteOpen = useSite((s) => s.openSiteId !== null);
  const section = siteOpen ? null : incidentsActive ? 'incidents' : 'fleet';

  return (
    <nav className="console-nav" aria-label="Sections">
      <button
        type="button"
        className="console-nav-item"
        aria-current={section === 'fleet' ? 'page' : undefined}
        onClick={() => {
          stores.site.getState().close();
          stores.incidents.getState().leave();
        }}
      >
        Fleet
      </button>
      <button
        type="button"
        className="console-nav-item"
        aria-current={section === 'incidents' ? 'page' : undefined}
        onClick={() => {
          stores.site.getState().close();
          stores.incidents.getState().show();
        }}
        data-testid="nav-incidents"
      >
        Incidents
      </button>
    </nav>
  );
}
