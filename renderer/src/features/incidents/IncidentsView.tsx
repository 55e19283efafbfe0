import { useCallback, useRef } from 'react';
import { ConsoleHeader } from '../../components/ConsoleHeader.tsx';
import { StatusBar } from '../../components/StatusBar.tsx';
import { useNow } from '../../hooks/use-now.ts';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { fieldOptionsOf } from './facet-fields.ts';
import { FilterPanel } from './FilterPanel.tsx';
import { GroupList } from './GroupList.tsx';
import { IncidentChart } from './IncidentChart.tsx';
import { IncidentDetailPane } from './IncidentDetailPane.tsx';
import { IncidentListHeader } from './IncidentListHeader.tsx';
import { IncidentTable } from './IncidentTable.tsx';
import type { IncidentSortKey } from './incident-list-query.ts';
import { KeyboardHelp } from './KeyboardHelp.tsx';
import { OfflineBanner } from './OfflineBanner.tsx';
import { SavedViews } from './SavedViews.tsx';
import { SearchBox } from './SearchBox.tsx';
import { SearchReadingLine } from './SearchReadingLine.tsx';
import { useIncidentKeys } from './use-incident-keys.ts';
import { useIncidents } from './use-incidents.ts';
import './incidents.css';
import { InlineError } from '../../components/InlineError.tsx';

/**
 * Every cached incident, from the cache: the search (the one source of truth for every filter), the
 * filter panel with counts, saved views, the chart, the virtualized list (or its groups) and the
 * open incident. Loaded as its own chunk, with the chart library, when the technician first opens it.
 */
export default function IncidentsView() {
  const stores = useConsoleStores();
  const now = useNow();
  const searchInput = useRef<HTMLInputElement>(null);
  const incidents = stores.incidents.getState;
  const search = useIncidents((s) => s.search);
  const sortBy = useIncidents((s) => s.sortBy);
  const sortDir = useIncidents((s) => s.sortDir);
  const groupBy = useIncidents((s) => s.groupBy);
  const route = useIncidents((s) => s.route);
  const list = useIncidents((s) => s.list);
  const reading = useIncidents((s) => s.reading);
  const facets = useIncidents((s) => s.facets);
  const facetsError = useIncidents((s) => s.facetsError);
  const histogram = useIncidents((s) => s.histogram);
  const histogramError = useIncidents((s) => s.histogramError);
  const keys = useIncidentKeys(incidents, searchInput);
  const setSearch = (text: string) => incidents().setSearch(text);
  const showGroups = groupBy !== null && route.group === null;
  // Stable, so a render of the view does not re-render every row of the list (the rows are memoized).
  const sortList = useCallback((key: IncidentSortKey) => incidents().sort(key), [incidents]);
  const openIncident = useCallback((incidentId: string) => void incidents().openIncident(incidentId), [incidents]);

  return (
    <div className="console-shell">
      <ConsoleHeader />
      <main className={route.incidentId ? 'incidents incidents-with-detail' : 'incidents'} data-testid="incidents-view">
        <aside className="incidents-side" aria-label="Incident filters and saved views">
          <SavedViews />
          <FilterPanel text={search} facets={facets} onChange={setSearch} />
          <InlineError message={facetsError?.message} />
        </aside>
        <div className="incidents-main">
          <OfflineBanner syncedAt={reading?.syncedAt ?? null} now={now} />
          <div className="incidents-toolbar">
            <h1 className="incidents-title">Incidents</h1>
            <SearchBox text={search} onChange={setSearch} options={fieldOptionsOf(facets)} inputRef={searchInput} />
            <button type="button" className="button-secondary button-small" onClick={keys.openHelp} title="Keyboard (?)" aria-label="Keyboard shortcuts">
              ?
            </button>
          </div>
          <SearchReadingLine reading={reading} searching={search.trim() !== ''} />
          <IncidentChart histogram={histogram} error={histogramError?.message ?? null} />
          <IncidentListHeader list={list} />
          {showGroups ? (
            <GroupList groupBy={groupBy} facets={facets} onOpen={(group) => incidents().openGroup(group)} />
          ) : (
            <IncidentTable
              list={list}
              sortBy={sortBy}
              sortDir={sortDir}
              onSort={sortList}
              onOpen={openIncident}
              openIncidentId={route.incidentId}
              now={now}
              scrollToIndex={keys.cursorIndex}
              empty={<p className="muted">No cached incident matches this search.</p>}
            />
          )}
        </div>
        <IncidentDetailPane now={now} />
      </main>
      <StatusBar now={now} />
      {keys.helpOpen ? <KeyboardHelp onClose={keys.closeHelp} /> : null}
    </div>
  );
}
