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

/**
 * The filter for a page in a sort other than time, with its field conditions kept off the indexes
 * (`+(…)`) when walking the sort's own index in order costs less than reading what the fields select
 * and sorting it. Without statistics SQLite takes any equality on an indexed column as selective:
 * `is:open` by severity at 1M read the 58,838 open rows through `incidents_by_state` and sorted them
 * (730 ms), where the severity index, which carries the state, gives the first 51 after ~850 entries
 * (0.7 ms). A field on the sort's own column stays indexed: it is where the walk starts.
 *
 * The walk passes (limit + 1) / density entries, each a row read unless the sort's index carries every
 * other field's column; the fields' own plan reads every row they select (`tallied`, exact from the tally).
 * Only when every field is tallied: an `age:` or `host:` filter, uncounted, could make the walk pass
 * the whole index.
 */
export function forSortWalk(filter: IncidentFilter, sortBy: IncidentSortKey, limit: number, total: () => number): IncidentFilter {
  if (sortBy === 'createdAt' || filter.tallied === null || !filter.fieldsTallied || filter.tallied === 0) return filter;
  const { column, index } = SORT_INDEX[sortBy];
  const others = filter.fieldColumns.filter((fieldColumn) => fieldColumn !== column);
  if (others.length === 0) return filter;
  const rows = Math.max(1, total());
  const density = (filter.tallied / rows) * (Math.min(filter.textMatches ?? rows, rows) / rows);
  if (density === 0) return filter;
  const carried = indexColumns(index);
  const covered = filter.textSet === null && others.every((fieldColumn) => carried.includes(fieldColumn));
  const walk = ((limit + 1) / density) * (covered ? 1 : ROW_READ_COST);
  const walks = walk < filter.tallied * ROW_READ_COST;
  // Reading what the fields select: the state is carried by every index a page walks, and it halves
  // nothing, so it never leads while another field can (`check:backup is:open` by severity read the
  // 58,838 open rows, not the 83,305 backup entries that hold the 4,904 open ones).
  const kept = (fieldColumn: string) => fieldColumn === column || (!walks && (fieldColumn !== 'resolved' || others.every((other) => other === 'resolved')));
  const fields = filter.fieldColumns.length;
  return { ...filter, where: filter.where.map((condition, at) => (at < fields && !kept(filter.fieldColumns[at]!) ? `+(${condition})` : condition)) };
}

/** An index's columns, from its definition `incidents (a, b, …)`. */
function indexColumns(index: string): string[] {
  const definition = CURRENT_INCIDENT_INDEXES[index] ?? '';
  return definition.slice(definition.indexOf('(') + 1, definition.lastIndexOf(')')).split(',').map((part) => part.trim());
}
