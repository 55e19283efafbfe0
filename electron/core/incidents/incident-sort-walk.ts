import type { IncidentSortKey } from '#shared/incidents/index.ts';
import { ROW_READ_COST, type IncidentFilter } from './incident-filters.ts';
import { CURRENT_INCIDENT_INDEXES } from './incident-site-index-migration.ts';

type OtherSort = Exclude<IncidentSortKey, 'createdAt'>;

/** The sorts other than time, each led by one column with an index of its own that ends in (created_at, rowid). */
const SORT_INDEX: Readonly<Record<OtherSort, { column: string; index: string }>> = {
  severity: { column: 'severity_rank', index: 'incidents_by_severity' },
  checkType: { column: 'check_type', index: 'incidents_by_check' },
  siteId: { column: 'site_id', index: 'incidents_by_site' },
};

/** What the sort walk is sized by: the cached incidents, and how many the field filters on some columns select (from the tally). */
export interface SortWalkTallies {
  total(): number;
  tallied(columns: readonly string[]): number;
}

/**
 * The filter for a page in a sort other than time, with every field condition but one kept off the
 * indexes (`+(…)`), so SQLite reads the cheapest way in: the sort's own index walked in order, or the
 * index of one field (the lead), whose rows are then sorted. Without statistics SQLite takes any equality
 * on an indexed column as selective and picks one of them: `is:open` by severity at 1M read the 58,838
 * open rows through `incidents_by_state` and sorted them (730 ms), where the severity index, which
 * carries the state, gives the first 51 after ~850 entries (0.7 ms).
 *
 * Each way is costed in index entries passed plus rows read (ROW_READ_COST entries each). A condition on
 * a column the index carries is checked in the entry, before SQLite reads the row: only the entries it
 * keeps are read, and only when some condition needs the row. The walk passes (limit + 1) / density
 * entries (from the sort's first value a field names, if it names one); a lead passes every entry of
 * its values. At 1M, `is:open level:L3 check:backup` by severity (822 matches): through the level index
 * 166,505 entries and 9,791 rows, 20.7 ms; the check index 83,305 and 4,904, 11.9 ms; the walk ~62,000
 * and ~4,300, 7.9 ms. `check:backup is:open`: the walk ~10,400 and ~720, 0.5 ms, against 12 ms for the
 * check index. Only when every field is tallied: an `age:` or `host:` filter, uncounted, could make the
 * walk pass the whole index.
 */
export function forSortWalk(filter: IncidentFilter, sortBy: IncidentSortKey, limit: number, tallies: SortWalkTallies): IncidentFilter {
  if (sortBy === 'createdAt' || filter.tallied === null || filter.tallied === 0 || filter.fields.some((field) => field.tally === null)) return filter;
  const { column, index } = SORT_INDEX[sortBy];
  const fieldColumns = filter.fields.map((field) => field.column);
  const others = [...new Set(fieldColumns.filter((fieldColumn) => fieldColumn !== column))];
  if (others.length === 0) return filter;
  const rows = Math.max(1, tallies.total());
  const counted = new Map<string, number>();
  const tallied = (columns: readonly string[]) => {
    const key = columns.join();
    if (!counted.has(key)) counted.set(key, tallies.tallied(columns));
    return counted.get(key)!;
  };
  const textShare = Math.min(filter.textMatches ?? rows, rows) / rows;
  /** Rows read after `inEntry` is checked in each entry (none when the entry answers every condition and holds the sort's key). */
  const rowsRead = (inEntry: readonly string[], passedEntries: number, entriesOf: number, sortKeyInEntry = true) => {
    const needsRow = !sortKeyInEntry || filter.textSet !== null || fieldColumns.some((fieldColumn) => !inEntry.includes(fieldColumn));
    return needsRow ? passedEntries * Math.min(1, tallied(inEntry) / Math.max(1, entriesOf)) : 0;
  };
  // The walk: from the sort's first value a field names (the whole index if none) until limit + 1 matches.
  const walkFrom = fieldColumns.includes(column) ? tallied([column]) : rows;
  const walkEntries = ((limit + 1) * Math.max(1, walkFrom)) / (filter.tallied * textShare);
  const sortCarried = indexColumns(index);
  const walkInEntry = fieldColumns.filter((fieldColumn) => fieldColumn === column || sortCarried.includes(fieldColumn));
  let best = { lead: column, cost: walkEntries + rowsRead(walkInEntry, walkEntries, walkFrom) * ROW_READ_COST };
  for (const lead of others) {
    const carried = leadIndexColumns(lead);
    if (carried === null) continue;
    const entries = tallied([lead]);
    const inEntry = fieldColumns.filter((fieldColumn) => carried.includes(fieldColumn));
    const cost = entries + rowsRead(inEntry, entries, entries, carried.includes(column)) * ROW_READ_COST;
    if (cost < best.cost) best = { lead, cost };
  }
  const fields = fieldColumns.length;
  return { ...filter, where: filter.where.map((condition, at) => (at < fields && fieldColumns[at] !== best.lead ? `+(${condition})` : condition)) };
}

/** The columns of the index `column` leads, or null when none does. */
function leadIndexColumns(column: string): string[] | null {
  for (const index of Object.keys(CURRENT_INCIDENT_INDEXES)) {
    const columns = indexColumns(index);
    if (columns[0] === column) return columns;
  }
  return null;
}

/** An index's columns, from its definition `incidents (a, b, …)`. */
function indexColumns(index: string): string[] {
  const definition = CURRENT_INCIDENT_INDEXES[index] ?? '';
  return definition.slice(definition.indexOf('(') + 1, definition.lastIndexOf(')')).split(',').map((part) => part.trim());
}
