import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { SortHeaderCell } from '../../components/SortHeaderCell.tsx';
import { FALLBACK_VIEWPORT, observeRectWithFallback } from '../fleet/index.ts';
import type { IncidentSortKey } from './incident-list-query.ts';
import type { IncidentListStore } from './incidents-store.ts';
import { IncidentRowView, IncidentRowPlaceholder, INCIDENT_COLUMNS } from './IncidentRow.tsx';
import { useIncidentList } from './use-incidents.ts';

/** Kept in step with --incident-row-height and the head's height in incidents.css. */
export const INCIDENT_ROW_HEIGHT = 32;
const HEAD_HEIGHT = 34;

interface IncidentTableProps {
  list: IncidentListStore;
  sortBy: IncidentSortKey;
  sortDir: 'asc' | 'desc';
  onSort(key: IncidentSortKey): void;
  onOpen(incidentId: string): void;
  openIncidentId: string | null;
  now: number;
  /** The row index the keyboard moved to; the table scrolls it into view. */
  scrollToIndex: number | null;
  empty: React.ReactNode;
}

/**
 * The incident list: a virtualized table over the windowed list store. Only the rows on screen
 * (plus a margin) exist in the DOM, and only the windows near them are held in memory; a row whose
 * window has not landed yet is a placeholder.
 */
export function IncidentTable({ list, sortBy, sortDir, onSort, onOpen, openIncidentId, now, scrollToIndex, empty }: IncidentTableProps) {
  const scrollBox = useRef<HTMLDivElement>(null);
  const rowCount = useIncidentList(list, (s) => s.rowCount);
  useIncidentList(list, (s) => s.revision);
  const total = useIncidentList(list, (s) => s.total);
  const focusedKey = useIncidentList(list, (s) => s.focusedKey);
  const selectedKeys = useIncidentList(list, (s) => s.selectedKeys);
  const rowAt = list.getState().rowAt;

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollBox.current,
    estimateSize: () => INCIDENT_ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEAD_HEIGHT,
    initialRect: FALLBACK_VIEWPORT,
    observeElementRect: observeRectWithFallback,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    list.getState().showRange(first, last);
  }, [list, first, last, rowCount]);

  useEffect(() => {
    if (scrollToIndex !== null) virtualizer.scrollToIndex(scrollToIndex, { align: 'auto' });
  }, [scrollToIndex, virtualizer]);

  return (
    <div ref={scrollBox} className="incident-table" role="table" aria-label="Incidents" aria-rowcount={rowCount + 1} data-testid="incident-table">
      <div role="rowgroup" className="incident-head">
        <div role="row" aria-rowindex={1} className="incident-row">
          {INCIDENT_COLUMNS.map((column) => (
            <SortHeaderCell key={column.id} label={column.label} sortKey={column.sortKey} sortBy={sortBy} sortDir={sortDir} onSort={onSort} className={`incident-cell incident-cell-${column.id}`} />
          ))}
        </div>
      </div>
      <div role="rowgroup" className="incident-body" style={rowCount > 0 ? { height: virtualizer.getTotalSize() } : undefined}>
        {total !== null && rowCount === 0 ? <div className="incident-empty">{empty}</div> : null}
        {items.map((item) => {
          const row = rowAt(item.index);
          const offset = item.start - HEAD_HEIGHT;
          if (!row) return <IncidentRowPlaceholder key={`placeholder-${item.index}`} rowIndex={item.index + 2} offset={offset} />;
          return (
            <IncidentRowView
              key={row.id}
              row={row}
              rowIndex={item.index + 2}
              offset={offset}
              now={now}
              focused={row.id === focusedKey}
              selected={selectedKeys.has(row.id)}
              open={row.id === openIncidentId}
              onOpen={onOpen}
              onFocus={list.getState().focus}
            />
          );
        })}
      </div>
    </div>
  );
}
