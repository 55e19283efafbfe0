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
import { isFilteredQuery } from './fleet-store.ts';
import { useFleet, useFleetSites } from './use-fleet.ts';
import { InlineError } from '../../components/InlineError.tsx';

/** Signed in, online or offline: the fleet at a glance, from the local cache. */
export function FleetView() {
  const stores = useConsoleStores();
  const now = useNow();
  const answer = useFleetSites((s) => s.answer);
  const filtered = useFleetSites((s) => isFilteredQuery(s.answeredQuery));
  const query = useFleet((s) => s.query);
  const error = useFleetSites((s) => s.error);
  // Remounting the search box is how "Clear filters" empties its text too.
  const [searchGeneration, setSearchGeneration] = useState(0);

  const fleet = stores.fleet.getState;

  function clearFilters() {
    fleet().clearFilters();
    setSearchGeneration((n) => n + 1);
  }

  return (
    <div className="console-shell">
      <ConsoleHeader />
      <main className="fleet">
        <OrgPane />
        <div className="fleet-main">
        <StatsCards stats={answer?.stats ?? null} />
        <AttentionPanel now={now} />
        <div className="fleet-toolbar">
          <h1 className="fleet-title">Sites</h1>
          <SiteSearch key={searchGeneration} initial={query.search} onSearch={(search) => fleet().setSearch(search)} />
          <LiveStatusFilter value={query.liveStatus} onChange={(liveStatus) => fleet().setLiveStatus(liveStatus)} />
          <span className="toolbar-spacer" />
          {answer ? <SiteCount shown={answer.total.count} total={answer.totalSites} filtered={filtered} /> : null}
          <AsOf iso={answer?.syncedAt ?? null} now={now} testId="sites-as-of" />
          <SyncNowButton label="Refresh" />
        </div>
        <InlineError message={error?.message} />
        <SitesTable
          list={stores.fleetSites}
          sortBy={query.sortBy}
          sortDir={query.sortDir}
          onSort={(key) => fleet().sortBy(key)}
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
