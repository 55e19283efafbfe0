import type Database from 'better-sqlite3-multiple-ciphers';
import { INCIDENT_COUNT_CAP, type IncidentPageResult, type IncidentQuery } from '#shared/incidents/index.ts';
import type { Count } from '#shared/paging/paged-query.ts';
import { buildIncidentFilter, matchConditions, plannedConditions, talliedFields, type IncidentFilter, type SiteRestriction } from './incident-filters.ts';
import type { Sql } from './search-dimensions.ts';
import { siteMergedWindow } from './incident-site-window.ts';
import { forSortWalk } from './incident-sort-walk.ts';
import { LIST_COLUMNS, tallySum, toListItem, whereClause, type ListRow } from './incident-rows.ts';
import { INCIDENTS_SYNCED_AT } from './incident-store.ts';
import { DETAIL_COUNT_SQL } from './incident-detail-count-migration.ts';
import { afterKeys, decodeCursor, encodeCursor, incidentSort, querySignature, rowKeys, WindowAnchors, type IncidentSort, type SortKeys } from './incident-windows.ts';
import { prepared } from '../cache/prepared-statements.ts';

type WindowRow = ListRow & Record<string, unknown>;

type Connection = Database.Database;

/**
 * Rows a very common search reads in order, checking each against the full-text index, before it falls
 * back to the whole match set. A check is a seek into the compacted index (~12 µs at 1M); building the
 * set costs ~0.4 µs a match (30 ms for 83k): a filter the search rarely meets stops after ~12 ms.
 */
const PROBE_BUDGET = 1_000;

/** The incident list's read of the cache; the reader worker runs it. */
export interface IncidentListOperations {
  queryIncidents(query: IncidentQuery, now: string): IncidentPageResult;
}

/** Windows of the cached incidents: an offset seeks from the nearest remembered anchor, a cursor from its row. */
export class IncidentList implements IncidentListOperations {
  readonly #db: Connection;
  readonly #anchors: WindowAnchors;

  constructor(db: Connection) {
    this.#db = db;
    this.#anchors = new WindowAnchors(db);
  }

  queryIncidents(query: IncidentQuery, now: string): IncidentPageResult {
    const built = buildIncidentFilter(this.#db, query.search, Date.parse(now), { textAsFields: query.sortBy !== 'createdAt' });
    const canonical = matchConditions(built);
    const signature = querySignature(query, canonical.where, canonical.params);
    const filter = forSortWalk(built, query.sortBy, query.limit, { total: () => cachedIncidents(this.#db), tallied: (columns) => talliedFields(this.#db, built, columns) });
    const sort = incidentSort(query.sortBy, query.sortDir);
    // Every match, the very common search included: what anchors count and a window falls back to.
    const matching = matchConditions(filter);
    // The same rows, read the cheaper way round (the signature stays the canonical form's).
    const planned = plannedConditions(filter, matching, { kind: 'ordered', limit: query.limit }, () => cachedIncidents(this.#db));
    const notes = [...filter.notes];
    let offset: number;
    let after: SortKeys | null;
    let skip: number;
    if ('cursor' in query.window) {
      const cursor = decodeCursor(query.window.cursor, signature, sort);
      if (cursor === null) notes.push('The list changed its sort or search since this window was asked for; it starts from the top.');
      offset = cursor?.offset ?? 0;
      after = cursor?.keys ?? null;
      skip = 0;
    } else {
      offset = query.window.offset;
      // Every search text brings its match set into the conditions (matchConditions): a common one's too.
      ({ after, skip } = this.#anchors.locate(signature, sort, { ...planned, holdsMatchSet: filter.textSet !== null }, offset));
    }
    // The tally knows an empty answer exactly: no walk looks for rows that are not there (`patch severity:high`).
    const tallied = filter.tallyOnly ? countFilterMatches(this.#db, filter) : null;
    const rows = tallied?.count === 0 ? [] : (this.#sitesMerged(filter, query.sortBy, sort, after, skip, query.limit) ?? (filter.common && skip === 0 ? this.#probeCommon(filter, filter.common.check, sort, after, query.limit) : null) ?? this.#window(planned, sort, after, skip, query.limit));
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      rows: page.map(toListItem),
      offset,
      // A first window that holds every match is its own exact count (an empty answer costs no count).
      total: tallied ?? (offset === 0 && skip === 0 && after === null && rows.length <= query.limit ? { count: rows.length, capped: false } : countFilterMatches(this.#db, filter)),
      nextWindow: rows.length > query.limit && last ? { cursor: encodeCursor(signature, offset + page.length, rowKeys(sort, last)) } : null,
      filters: filter.parsed.understood,
      searchTerms: filter.parsed.groups.flat().map((term) => `${term.words.join(' ')}*`),
      notes,
      coverage: this.#coverage(),
      syncedAt: prepared<[string], string | null>(this.#db, 'SELECT value FROM meta WHERE key = ?').pluck().get(INCIDENTS_SYNCED_AT) ?? null,
    };
  }

  /** Up to limit + 1 rows of the match set after `after`, skipping `skip`. */
  #window(matching: { where: string[]; params: unknown[] }, sort: IncidentSort, after: SortKeys | null, skip: number, limit: number): WindowRow[] {
    const where = [...matching.where];
    const params = [...matching.params];
    if (after !== null) where.push(afterKeys(sort, after, params));
    // Positions first, from the index alone where it holds the conditions; then the window's rows.
    const rowids = prepared<unknown[], number>(this.#db, `SELECT i.rowid FROM incidents i ${whereClause(where)} ORDER BY ${sort.order} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...params, limit + 1, skip);
    return this.#rowsOf(rowids, sort);
  }

  /** A page in time order of matches that lie in a few sites, merged from their index entries (incident-site-window.ts); null when that does not apply or gives up. */
  #sitesMerged(filter: IncidentFilter, sortBy: IncidentQuery['sortBy'], sort: IncidentSort, after: SortKeys | null, skip: number, limit: number): WindowRow[] | null {
    if (filter.sites === null || sortBy !== 'createdAt' || skip !== 0) return null;
    const rowids = siteMergedWindow(this.#db, filter.sites, sort, after, limit);
    return rowids === null ? null : this.#rowsOf(rowids, sort);
  }

  /** The rows of `rowids`, in the sort's order. */
  #rowsOf(rowids: number[], sort: IncidentSort): WindowRow[] {
    if (rowids.length === 0) return [];
    return prepared<[string], WindowRow>(this.#db, `SELECT ${LIST_COLUMNS}, ${sort.keys} FROM incidents i LEFT JOIN sites s ON s.site_id = i.site_id WHERE i.rowid IN (SELECT value FROM json_each(?)) ORDER BY ${sort.order}`)
      .all(JSON.stringify(rowids));
  }

  /**
   * A very common search (half the cache matches "164.312"): walk the sort's index from `after` and
   * keep the rows the search's check accepts (a seek in the full-text index, or the row's own check
   * type, site and control rows), so a LIMIT stops early instead of building the whole match
   * set. The walk reads index entries only (rowid and sort keys); the page's rows are read once the
   * probe kept them. (The inner LIMIT keeps SQLite from flattening the query, so the order holds.)
   * Null when the budget found too few — a filter the search rarely meets, or the list's end: the
   * caller reads the whole match set then.
   */
  #probeCommon(filter: IncidentFilter, check: Sql, sort: IncidentSort, after: SortKeys | null, limit: number): WindowRow[] | null {
    const where = [...filter.where];
    const params = [...filter.params];
    if (after !== null) where.push(afterKeys(sort, after, params));
    const kept = prepared<unknown[], number>(
      this.#db,
      `SELECT c.rowid FROM (SELECT i.rowid, ${sort.keys} FROM incidents i ${whereClause(where)} ORDER BY ${sort.order} LIMIT ${PROBE_BUDGET}) c
       WHERE ${check.sql} LIMIT ?`,
    ).pluck()
      .all(...params, ...check.params, limit + 1);
    return kept.length > limit ? this.#rowsOf(kept, sort) : null;
  }

  #coverage(): { detailsCached: number; incidents: number } {
    const incidents = cachedIncidents(this.#db);
    const detailsCached = prepared<[], number>(this.#db, DETAIL_COUNT_SQL).pluck().get() ?? 0;
    return { detailsCached, incidents };
  }
}

/** Exact from the tallies when only tallied dimensions (controls among them) are filtered; otherwise counted up to the cap. */
export function countFilterMatches(db: Connection, filter: IncidentFilter): Count {
  if (filter.tallyOnly) return { count: tallySum(db, filter.tally, filter.tallyWhere, filter.tallyParams), capped: false };
  if (filter.knownTotal) return filter.knownTotal;
  // A very common search is counted over its first matches only (`countPartial`): the total is then a lower bound.
  const counted =
    filter.sites !== null && filter.sites.check === null
      ? siteEntries(filter.sites)
      : { ...plannedConditions(filter, { where: filter.countWhere, params: filter.countParams }, { kind: 'all', covered: false }, () => cachedIncidents(db)), partial: filter.countPartial };
  const total = prepared<unknown[], number>(db, `SELECT count(*) FROM (SELECT 1 FROM incidents i ${whereClause(counted.where)} LIMIT ?)`).pluck().get(...counted.params, INCIDENT_COUNT_CAP + 1) ?? 0;
  return total > INCIDENT_COUNT_CAP ? { count: INCIDENT_COUNT_CAP, capped: true } : { count: total, capped: counted.partial };
}

/**
 * Every match, when a few sites' entries of `incidents_by_site` carry every condition left: counted
 * there, exactly (`age:<1d riverside`: a range per clinic, where the count over the clinic search's set
 * built its 20,000 rows to count 104, and counted the first 10,000 only).
 */
function siteEntries(sites: SiteRestriction): { where: string[]; params: unknown[]; partial: boolean } {
  return { where: [`i.site_id IN (${sites.siteIds.map(() => '?').join(', ')})`, ...sites.where], params: [...sites.siteIds, ...sites.params], partial: false };
}

/** Every cached incident, from the tally without sites (a few hundred rows). */
export function cachedIncidents(db: Connection): number {
  return prepared<[], number>(db, 'SELECT COALESCE(SUM(n), 0) FROM incident_kind_tally').pluck().get() ?? 0;
}
