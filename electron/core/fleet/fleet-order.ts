import { ConsoleError } from '#shared/errors.ts';
import { LIVE_STATUSES, type FleetQuery } from '#shared/fleet/index.ts';

// Statuses sort in the contract's order (online first), unknown values after the known ones.
// Kept textually equal to the expression of the sites_by_live_status_rank indexes (fleet-sort-migration.ts).
const LIVE_STATUS_RANK = `CASE s.live_status ${LIVE_STATUSES.map((status, rank) => `WHEN '${status}' THEN ${rank}`).join(' ')} ELSE ${LIVE_STATUSES.length} END`;

interface SortTerm {
  sql: string;
  /** Missing values go last in either direction; said only where a value can be missing, since an index serves `NULLS LAST` on a non-null expression only when it is left out. */
  nullable: boolean;
}

/** ORDER BY terms per sort key, each served by an index in either direction (fleet-sort-migration.ts); site_id ascending breaks ties. */
const SORT_TERMS: Record<FleetQuery['sortBy'], SortTerm[]> = {
  clinicName: [{ sql: 's.clinic_name COLLATE NOCASE', nullable: false }],
  orgName: [{ sql: 's.org_name COLLATE NOCASE', nullable: true }],
  liveStatus: [
    { sql: LIVE_STATUS_RANK, nullable: false },
    { sql: 's.live_status', nullable: false },
  ],
  healthOverall: [{ sql: 's.health_overall', nullable: true }],
  applianceCount: [{ sql: 's.appliance_count', nullable: false }],
  lastCheckin: [{ sql: 's.last_checkin', nullable: true }],
};

function fleetOrderBy(query: Pick<FleetQuery, 'sortBy' | 'sortDir'>): string {
  const terms = SORT_TERMS[query.sortBy];
  if (terms === undefined || (query.sortDir !== 'asc' && query.sortDir !== 'desc')) {
    throw new ConsoleError('invalid-input', 'The fleet list cannot be sorted that way.');
  }
  const direction = query.sortDir === 'asc' ? 'ASC' : 'DESC';
  return [...terms.map((term) => `${term.sql} ${direction}${term.nullable ? ' NULLS LAST' : ''}`), 's.site_id ASC'].join(', ');
}

/** The SQL of one window of the sites table and of its count (null: the list is the whole fleet). */
export interface FleetWindowStatements {
  window: string;
  count: string | null;
  parameters: Record<string, string>;
}

/**
 * The window's site ids first, walked along the sort's index alone (no table row read on the way
 * to a deep offset); only the window's own rows are then read (CROSS JOIN: SQLite keeps that loop order, the page outside) and joined to their health.
 * The statements take `@limit` and `@offset` beside `parameters`.
 */
export function fleetWindowStatements(query: Pick<FleetQuery, 'sortBy' | 'sortDir' | 'filters'>, search: string): FleetWindowStatements {
  const orderBy = fleetOrderBy(query);
  const { where, parameters } = fleetMatch(query, search);
  return {
    window: `WITH page AS (SELECT s.site_id FROM sites s ${where} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset)
      SELECT s.site_id, s.clinic_name, s.org_id, s.org_name, s.live_status, s.tier, s.appliance_count, s.last_checkin,
             h.online_count, h.health_overall, h.health_status, h.incidents_24h
      FROM page CROSS JOIN sites s ON s.site_id = page.site_id LEFT JOIN site_health h ON h.site_id = s.site_id
      ORDER BY ${orderBy}`,
    count: where === '' ? null : `SELECT count(*) AS matched FROM sites s ${where}`,
    parameters,
  };
}

interface FleetMatch {
  /** `WHERE …` over `sites s`, or '' for every site (so a window walks a covering index, touching no table row on the way to its offset). */
  where: string;
  parameters: Record<string, string>;
}

/** The conditions of the query's filters and search: only those in use, so an unfiltered window reads nothing but the index. */
function fleetMatch(query: Pick<FleetQuery, 'filters'>, search: string): FleetMatch {
  const conditions: string[] = [];
  const parameters: Record<string, string> = {};
  if (query.filters.liveStatus !== null) {
    conditions.push('s.live_status = @liveStatus');
    parameters.liveStatus = query.filters.liveStatus;
  }
  if (query.filters.orgId === '') conditions.push('s.org_id IS NULL');
  else if (query.filters.orgId !== null) {
    conditions.push('s.org_id = @orgId');
    parameters.orgId = query.filters.orgId;
  }
  if (search !== '') {
    conditions.push(`(cc_fold(s.clinic_name) LIKE @pattern ESCAPE '\\' OR cc_fold(s.org_name) LIKE @pattern ESCAPE '\\' OR cc_fold(s.site_id) LIKE @pattern ESCAPE '\\')`);
    parameters.pattern = `%${escapeLike(search)}%`;
  }
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, parameters };
}

/** Makes `%`, `_` and the escape character itself match literally in a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
