import type Database from 'better-sqlite3-multiple-ciphers';
import { INCIDENT_COUNT_CAP, type IncidentPageResult, type IncidentQuery } from '#shared/incidents/index.ts';
import type { Count } from '#shared/paging/paged-query.ts';
import { buildIncidentFilter, type IncidentFilter } from './incident-filters.ts';
import { LIST_COLUMNS, toListItem, whereClause, type ListRow } from './incident-rows.ts';
import { INCIDENTS_SYNCED_AT } from './incident-store.ts';
import { afterKeys, decodeCursor, encodeCursor, incidentSort, querySignature, rowKeys, WindowAnchors, type SortKeys } from './incident-windows.ts';

type Connection = Database.Database;

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
    const filter = buildIncidentFilter(this.#db, query.search, Date.parse(now));
    const sort = incidentSort(query.sortBy, query.sortDir);
    const signature = querySignature(query, filter.where, filter.params);
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
      ({ after, skip } = this.#anchors.locate(signature, sort, filter.where, filter.params, offset));
    }
    const where = [...filter.where];
    const params = [...filter.params];
    if (after !== null) where.push(afterKeys(sort, after, params));
    const rows = this.#db
      .prepare<unknown[], ListRow & Record<string, unknown>>(
        `SELECT ${LIST_COLUMNS}, ${sort.keys} FROM incidents i LEFT JOIN sites s ON s.site_id = i.site_id
         ${whereClause(where)} ORDER BY ${sort.order} LIMIT ? OFFSET ?`,
      )
      .all(...params, query.limit + 1, skip);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      rows: page.map(toListItem),
      offset,
      total: countMatches(this.#db, filter),
      nextWindow: rows.length > query.limit && last ? { cursor: encodeCursor(signature, offset + page.length, rowKeys(sort, last)) } : null,
      filters: filter.parsed.understood,
      searchTerms: filter.parsed.groups.flat().map((term) => `${term.words.join(' ')}*`),
      notes,
      coverage: this.#coverage(),
      syncedAt: this.#db.prepare<[string], string | null>('SELECT value FROM meta WHERE key = ?').pluck().get(INCIDENTS_SYNCED_AT) ?? null,
    };
  }

  #coverage(): { detailsCached: number; incidents: number } {
    const incidents = this.#db.prepare<[], number>('SELECT COALESCE(SUM(n), 0) FROM incident_tally').pluck().get() ?? 0;
    const detailsCached = this.#db.prepare<[], number>('SELECT count(*) FROM incident_details').pluck().get() ?? 0;
    return { detailsCached, incidents };
  }
}

/** Exact from the tally when only tallied dimensions are filtered; otherwise counted up to the cap. */
export function countMatches(db: Connection, filter: IncidentFilter): Count {
  if (filter.tallyOnly) {
    const total = db.prepare<unknown[], number | null>(`SELECT SUM(n) FROM incident_tally t ${whereClause(filter.tallyWhere)}`).pluck().get(...filter.tallyParams);
    return { count: total ?? 0, capped: false };
  }
  const total =
    db.prepare<unknown[], number>(`SELECT count(*) FROM (SELECT 1 FROM incidents i ${whereClause(filter.where)} LIMIT ?)`).pluck().get(...filter.params, INCIDENT_COUNT_CAP + 1) ?? 0;
  return total > INCIDENT_COUNT_CAP ? { count: INCIDENT_COUNT_CAP, capped: true } : { count: total, capped: false };
}
