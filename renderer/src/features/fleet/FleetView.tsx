import { useState } from 'react';
import { AttentionPanel } from '../attention/index.ts';
import { ConsoleHeader } from '../../components/ConsoleHeader.tsx';
import { FleetEmptyState } from './FleetEmptyState.tsx';
import { LiveStatusFilter } from './LiveStatusFilter.tsx';
import { OrgPane } from './OrgPane.tsx';
import { AsOf } from '../../components/AsOf.tsx';
import { SiteCount } from './SiteCount.tsx';
import { SyncNowButton } from '../../components/SyncNowButton.tsx';
import { SiteSearch } from './SiteSearch.tsx';
import { SitesTable } from './SitesTable.tsx';
import { StatsCards } from './StatsCards.tsx';
import { StatusBar } from '../../components/StatusBar.tsx';
import { useNow } from '../../hooks/use-now.ts';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { useFleet } from './use-fleet.ts';

const NO_SITES: never[] = [];

/** Signed in, online or offline: the fleet at a glance, from the local cache. */
export function FleetView() {
  const stores = useConsoleStores();
  const now = useNow();
  const overview = useFleet((s) => s.overview);
  const filtered = useFleet((s) => s.overviewFiltered);
  const query = useFleet((s) => s.query);
  const error = useFleet((s) => s.error);
  // Remounting the search box is how "Clear filters" empties its text too.
  const [searchGeneration, setSearchGeneration] = useState(0);

  const fleet = stores.fleet.getState;

  function clearFilters() {
    void fleet().clearFilters();
    setSearchGeneration((n) => n + 1);
  }

  return (
    <div className="console-shell">
      <ConsoleHeader />
      <main className="fleet">
        <OrgPane />
        <div className="fleet-main">
        <StatsCards stats={overview?.stats ?? null} />
        <AttentionPanel now={now} />
        <div className="fleet-toolbar">
          <h1 className="fleet-title">Sites</h1>
          <SiteSearch key={searchGeneration} initial={query.search} onSearch={(search) => void fleet().setSearch(search)} />
          <LiveStatusFilter value={query.liveStatus} onChange={(liveStatus) => void fleet().setLiveStatus(liveStatus)} />
          <span className="toolbar-spacer" />
          {overview ? <SiteCount shown={overview.sites.length} total={overview.totalSites} filtered={filtered} /> : null}
          <AsOf iso={overview?.syncedAt ?? null} now={now} testId="sites-as-of" />
          <SyncNowButton label="Refresh" />
        </div>
        {error ? (
          <p className="error-panel error-inline" role="alert">
            {error.message}
          </p>
        ) : null}
        <SitesTable
          sites={overview?.sites ?? NO_SITES}
          sortBy={query.sortBy}
          sortDir={query.sortDir}
          onSort={(key) => void fleet().sortBy(key)}
          now={now}
          onOpenSite={stores.site.getState().open}
          empty={<FleetEmptyState onClearFilters={clearFilters} />}
        />
        </div>
      </main>
      <StatusBar now={now} />
    </div>
  );
}
