import { useEffect, useMemo, useRef } from 'react';
import { SortHeaderCell } from '../../components/SortHeaderCell.tsx';
import { FALLBACK_VIEWPORT } from '../fleet/index.ts';
import { scrollToShow, visibleRows, type RowRange } from '../../kit/fixed-row-window.ts';
import { useScrollViewport, type ViewportRows } from '../../kit/use-scroll-viewport.ts';
import type { IncidentSortKey } from './incident-list-query.ts';
import type { IncidentListStore } from './incidents-store.ts';
import { IncidentRowView, IncidentRowPlaceholder, INCIDENT_COLUMNS } from './IncidentRow.tsx';
import { useIncidentList } from './use-incidents.ts';

/** Kept in step with --incident-row-height and the head's height in incidents.css. */
export const INCIDENT_ROW_HEIGHT = 32;
const HEAD_HEIGHT = 34;
/**
 * How long a jump waits for its window before drawing placeholders: an answer from the cache takes a
 * few milliseconds, so most jumps are drawn once, as rows, and a slow one (a cold deep offset) still
 * shows at once that it is loading.
 */
const PLACEHOLDER_AFTER_MS = 50;

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
 * Rows rendered beyond each edge of the screen, for the compositor's scrolling ahead of a render. A
 * scroll renders in its own event, before that frame is painted, so a small margin is enough; every
 * row of it costs every jump its render, layout and paint.
 */
export const INCIDENT_OVERSCAN_ROWS = 6;

function rowsOnScreen(viewport: { top: number; height: number }, count: number): RowRange | null {
  return visibleRows({ scrollTop: viewport.top, height: viewport.height, rowHeight: INCIDENT_ROW_HEIGHT, count, overscan: INCIDENT_OVERSCAN_ROWS });
}

/** Fetches the windows of the rows on screen (a no-op for windows already held or on their way). */
function showRows(list: IncidentListStore, range: RowRange | null): void {
  if (range !== null) list.getState().showRange(range.first, range.last);
}

/** The list's rows as the viewport waits for them: re-read whenever a window lands or is dropped. */
function viewportRowsOf(list: IncidentListStore): ViewportRows {
  return {
    ready(viewport) {
      const range = rowsOnScreen(viewport, list.getState().rowCount);
      return range === null || list.getState().holdsRows(range.first, range.last);
    },
    subscribe: (listener) =>
      list.subscribe((state, previous) => {
        if (state.revision !== previous.revision) listener();
      }),
  };
}

/**
 * The incident list: a virtualized table over the windowed list store, its rows all one height
 * (kit/fixed-row-window.ts, so a million rows cost what a thousand do). Only the rows on screen
 * (plus a margin) exist in the DOM, and only the windows near them are held in memory. A jump to rows
 * not held yet keeps the old rows (now out of view) until their window lands, so it is drawn once; a
 * row whose window takes longer than PLACEHOLDER_AFTER_MS is a placeholder.
 */
export function IncidentTable({ list, sortBy, sortDir, onSort, onOpen, openIncidentId, now, scrollToIndex, empty }: IncidentTableProps) {
  const scrollBox = useRef<HTMLDivElement>(null);
  const rowCount = useIncidentList(list, (s) => s.rowCount);
  // A boolean, not the total: every answer carries a new total object, and a re-render while a jump
  // waits would draw the rows it left (their windows dropped) as placeholders.
  const answeredEmpty = useIncidentList(list, (s) => s.total !== null && s.rowCount === 0);
  const focusedKey = useIncidentList(list, (s) => s.focusedKey);
  const selectedKeys = useIncidentList(list, (s) => s.selectedKeys);
  const rowAt = list.getState().rowAt;

  // Where the list is scrolled to; a page without layout (jsdom) gets the fallback viewport's screenful.
  // The windows are asked for in the scroll event, not after React has drawn the placeholders:
  // waiting for the effect below cost a frame or more before the request left. The viewport is
  // renewed when a window lands (`rows`): that, not the list's revision, re-renders the rows.
  const rows = useMemo(() => viewportRowsOf(list), [list]);
  const viewport = useScrollViewport(scrollBox, {
    chrome: HEAD_HEIGHT,
    fallbackHeight: FALLBACK_VIEWPORT.height,
    onChange: (next) => showRows(list, rowsOnScreen(next, list.getState().rowCount)),
    rows,
    holdMs: PLACEHOLDER_AFTER_MS,
  });
  const range = rowsOnScreen(viewport, rowCount);
  const first = range?.first ?? 0;
  const last = range?.last ?? -1;

  // A changed row count (the first answer, a reload) changes the range without a scroll.
  useEffect(() => {
    if (last >= first) list.getState().showRange(first, last);
  }, [list, first, last]);

  useEffect(() => {
    const box = scrollBox.current;
    if (scrollToIndex === null || !box) return;
    const top = scrollToShow({ index: scrollToIndex, scrollTop: box.scrollTop, height: viewport.height, rowHeight: INCIDENT_ROW_HEIGHT });
    if (top !== null) box.scrollTop = top;
  }, [scrollToIndex, viewport.height]);

  const indexes: number[] = [];
  for (let index = first; index <= last; index++) indexes.push(index);

  return (
    <div ref={scrollBox} className="incident-table" role="table" aria-label="Incidents" aria-rowcount={rowCount + 1} data-testid="incident-table">
      <div role="rowgroup" className="incident-head">
        <div role="row" aria-rowindex={1} className="incident-row">
          {INCIDENT_COLUMNS.map((column) => (
            <SortHeaderCell key={column.id} label={column.label} sortKey={column.sortKey} sortBy={sortBy} sortDir={sortDir} onSort={onSort} className={`incident-cell incident-cell-${column.id}`} />
          ))}
        </div>
      </div>
      <div role="rowgroup" className="incident-body" style={rowCount > 0 ? { height: rowCount * INCIDENT_ROW_HEIGHT } : undefined}>
        {answeredEmpty ? <div className="incident-empty">{empty}</div> : null}
        {indexes.map((index) => {
          const row = rowAt(index);
          const offset = index * INCIDENT_ROW_HEIGHT;
          if (!row) return <IncidentRowPlaceholder key={`placeholder-${index}`} rowIndex={index + 2} offset={offset} />;
          return (
            <IncidentRowView
              key={row.id}
              row={row}
              rowIndex={index + 2}
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
