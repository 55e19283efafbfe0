import { useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { FleetSite } from '#shared/fleet/index.ts';
import type { FleetSortKey, SortDirection } from './fleet-store.ts';
import { SiteRow } from './SiteRow.tsx';
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
  sites: readonly FleetSite[];
  sortBy: FleetSortKey;
  sortDir: SortDirection;
  onSort(key: FleetSortKey): void;
  now: number;
  /** Opens a site's page; keep it stable, rows are memoized on it. */
  onOpenSite(siteId: string): void;
  /** Shown in place of rows when there are none. */
  empty: ReactNode;
}

function ariaSortFor(column: Column, sortBy: FleetSortKey, sortDir: SortDirection) {
  if (!column.sortKey) return undefined;
  if (column.sortKey !== sortBy) return 'none' as const;
  return sortDir === 'asc' ? ('ascending' as const) : ('descending' as const);
}

/** The sites table: header in the scroll box (sticky), rows virtualized so thousands stay cheap. */
export function SitesTable({ sites, sortBy, sortDir, onSort, now, onOpenSite, empty }: SitesTableProps) {
  const scrollBox = useRef<HTMLDivElement>(null);
  // No React Compiler runs on this code base, so nothing memoizes the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: sites.length,
    getScrollElement: () => scrollBox.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => sites[index]?.siteId ?? index,
    overscan: 10,
    scrollMargin: HEAD_HEIGHT,
    initialRect: FALLBACK_VIEWPORT,
    observeElementRect: observeRectWithFallback,
  });

  return (
    <div ref={scrollBox} className="sites-table" role="table" aria-label="Sites" aria-rowcount={sites.length + 1} tabIndex={0}>
      <div role="rowgroup" className="sites-head">
        <div role="row" aria-rowindex={1} className="sites-row">
          {COLUMNS.map((column) => {
            const ariaSort = ariaSortFor(column, sortBy, sortDir);
            const className = column.numeric ? 'sites-cell sites-cell-numeric' : 'sites-cell';
            return (
              <div role="columnheader" aria-sort={ariaSort} className={className} key={column.label}>
                {column.sortKey ? (
                  <button type="button" className="sort-button" onClick={() => column.sortKey && onSort(column.sortKey)}>
                    {column.label}
                    {ariaSort === 'ascending' || ariaSort === 'descending' ? (
                      <span className="sort-indicator" aria-hidden="true">
                        {ariaSort === 'ascending' ? '▲' : '▼'}
                      </span>
                    ) : null}
                  </button>
                ) : (
                  column.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="sites-body" style={sites.length > 0 ? { height: virtualizer.getTotalSize() } : undefined}>
        {sites.length === 0 ? <div className="sites-empty">{empty}</div> : null}
        {virtualizer.getVirtualItems().map((item) => {
          const site = sites[item.index];
          if (!site) return null;
          return <SiteRow key={item.key} site={site} rowIndex={item.index + 2} offset={item.start - HEAD_HEIGHT} now={now} onOpen={onOpenSite} />;
        })}
      </div>
    </div>
  );
}
