import { useEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useStore } from 'zustand';
import type { FleetSortKey, SitesListStore, SortDirection } from './fleet-store.ts';
import { PendingSiteRow, SiteRow } from './SiteRow.tsx';
import { SortHeaderCell } from '../../components/SortHeaderCell.tsx';
import { FALLBACK_VIEWPORT, observeRectWithFallback } from './virtual-rect.ts';

/** Kept in step with --row-height and --table-head-height in styles/sites-table.css. */
const ROW_HEIGHT = 32;
const HEAD_HEIGHT = 34;

interface Column {
  label: string;
  sortKey?: FleetSortKey;
  numeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { label: 'Site', sortKey: 'clinicName' },
  { label: 'Org', sortKey: 'orgName' },
  { label: 'Live status', sortKey: 'liveStatus' },
  { label: 'Health', sortKey: 'healthOverall' },
  { label: 'Appliances', sortKey: 'applianceCount', numeric: true },
  { label: 'Incidents 24h', numeric: true },
  { label: 'Last check-in', sortKey: 'lastCheckin' },
];

interface SitesTableProps {
  /** The windows of the current query: the table asks for the rows it is about to show, nothing more. */
  list: SitesListStore;
  sortBy: FleetSortKey;
  sortDir: SortDirection;
  onSort(key: FleetSortKey): void;
  now: number;
  /** Opens a site's page; keep it stable, rows are memoized on it. */
  onOpenSite(siteId: string): void;
  /** Shown in place of rows when there are none. */
  empty: ReactNode;
}


/**
 * The sites table: header in the scroll box (sticky), rows virtualized, and fed by the windowed list
 * store, which fetches the windows the visible rows fall in and drops far ones, so 30,000 sites cost
 * what a screenful does. A row whose window has not landed yet is drawn as a placeholder.
 */
export function SitesTable({ list, sortBy, sortDir, onSort, now, onOpenSite, empty }: SitesTableProps) {
  const scrollBox = useRef<HTMLDivElement>(null);
  const rowCount = useStore(list, (s) => s.rowCount);
  // Re-render when a window lands or is dropped; rows are read by index below.
  useStore(list, (s) => s.revision);
  const query = useStore(list, (s) => s.query);
  const { rowAt } = list.getState();
  // No React Compiler runs on this code base, so nothing memoizes the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollBox.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rowAt(index)?.siteId ?? `pending-${index}`,
    overscan: 10,
    scrollMargin: HEAD_HEIGHT,
    initialRect: FALLBACK_VIEWPORT,
    observeElementRect: observeRectWithFallback,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (rowCount > 0) list.getState().showRange(first, last);
  }, [list, first, last, rowCount]);

  // Another sort, filter or search starts at its first row.
  useEffect(() => {
    scrollBox.current?.scrollTo?.({ top: 0 });
  }, [query]);

  return (
    <div ref={scrollBox} className="sites-table" role="table" aria-label="Sites" aria-rowcount={rowCount + 1} aria-busy={useStore(list, (s) => s.loading)} tabIndex={0}>
      <div role="rowgroup" className="sites-head">
        <div role="row" aria-rowindex={1} className="sites-row">
          {COLUMNS.map((column) => (
            <SortHeaderCell
              key={column.label}
              label={column.label}
              sortKey={column.sortKey}
              sortBy={sortBy}
              sortDir={sortDir}
              onSort={onSort}
              className={column.numeric ? 'sites-cell sites-cell-numeric' : 'sites-cell'}
            />
          ))}
        </div>
      </div>
      <div role="rowgroup" className="sites-body" style={rowCount > 0 ? { height: virtualizer.getTotalSize() } : undefined}>
        {rowCount === 0 ? <div className="sites-empty">{empty}</div> : null}
        {items.map((item) => {
          const site = rowAt(item.index);
          const offset = item.start - HEAD_HEIGHT;
          if (!site) return <PendingSiteRow key={item.key} rowIndex={item.index + 2} offset={offset} />;
          return <SiteRow key={item.key} site={site} rowIndex={item.index + 2} offset={offset} now={now} onOpen={onOpenSite} />;
        })}
      </div>
    </div>
  );
}
