import type Database from 'better-sqlite3-multiple-ciphers';
import { ConsoleError } from '#shared/errors.ts';
import {
  FACET_DIMENSIONS,
  INCIDENT_COUNT_CAP,
  INCIDENT_DETAIL_DAYS,
  INCIDENT_RETENTION_DAYS,
  IncidentSettingsSchema,
  type IncidentDetailView,
  type IncidentFacetsResult,
  type IncidentListItem,
  type IncidentPageResult,
  type IncidentQuery,
  type IncidentSettings,
} from '#shared/incidents/index.ts';
import { buildIncidentFilter, type IncidentFilter } from './incident-filters.ts';
import type { IncidentDetailRecord, IncidentRecord } from './incident-records.ts';
import { IncidentWriter, type IncidentWriteCounts, type StoredRow } from './incident-writes.ts';

type Connection = Database.Database;

/** A list page's ETag and the ids it held, so a 304 still says which incidents the page lists. */
export interface PageValidator {
  url: string;
  etag: string;
  ids: string[];
}

export interface IncidentWrite {
  rows: IncidentRecord[];
  details?: IncidentDetailRecord[];
  /** Confirmed gone (a detail answered 404). */
  removeIds?: string[];
  /** Page validators to remember, written with the rows they describe. */
  validators?: PageValidator[];
  meta?: Record<string, string>;
  /** The first sync into an empty cache: rows are inserted without a lookup each (see IncidentWriter.bulkInsert). */
  bulk?: boolean;
  now: string;
}

/** A stretch of one reconciliation slice as a walk listed it, to find the cached incidents it no longer lists. */
export interface SliceListing {
  siteId: string;
  resolved: boolean;
  listedIds: string[];
  /** The walk began at the newest row of the slice: nothing newer is cached for it. */
  fromStart: boolean;
  /** The walk reached the end of the slice: nothing older is cached for it. */
  toEnd: boolean;
}

/** The incident operations of the cache; the worker runs them beside the fleet's. */
export interface IncidentCacheOperations {
  writeIncidents(write: IncidentWrite): IncidentWriteCounts & { removed: number };
  queryIncidents(query: IncidentQuery, now: string): IncidentPageResult;
  incidentFacets(query: IncidentQuery, now: string): IncidentFacetsResult;
  incidentDetail(id: string): IncidentDetailView | null;
  /** Ids of the cached open incidents. */
  openIncidentIds(): string[];
  /** The sites that have cached incidents, with how many of them are resolved, for the slow reconciliation. */
  incidentSites(): Array<{ siteId: string; resolved: number }>;
  /** Ids whose detail is missing or older than the row: open ones first, then those reported since `since`. */
  incidentsNeedingDetail(since: string, limit: number): string[];
  incidentValidators(urls: string[]): Record<string, PageValidator>;
  /** Cached incidents of the slice, within the stretch the listing covered, that it does not list. */
  incidentsUnlisted(listing: SliceListing): string[];
  newestIncidentAt(): string | null;
  incidentSettings(): IncidentSettings;
  /** Saves the settings and purges what the retention no longer keeps, in one transaction. */
  setIncidentSettings(settings: IncidentSettings, now: string): IncidentSettings & { purged: number };
}

export const INCIDENT_OPERATIONS: Record<keyof IncidentCacheOperations, true> = {
  writeIncidents: true,
  queryIncidents: true,
  incidentFacets: true,
  incidentDetail: true,
  openIncidentIds: true,
  incidentSites: true,
  incidentsNeedingDetail: true,
  incidentValidators: true,
  incidentsUnlisted: true,
  newestIncidentAt: true,
  incidentSettings: true,
  setIncidentSettings: true,
};

const SETTINGS_KEY = 'incident_settings';
export const INCIDENTS_SYNCED_AT = 'incidents_synced_at';
const DAY_MS = 86_400_000;
/** Rows a very common search reads in order before it falls back to building the whole match set. */
const PROBE_BUDGET = 2_000;

const SORT_COLUMNS: Record<IncidentQuery['sortBy'], string> = {
  createdAt: 'i.created_at',
  severity: 'i.severity_rank',
  checkType: 'i.check_type',
  siteId: 'i.site_id',
};

/** A stored row as a list shows it: with its id, names and the value it is sorted by. */
interface ListRow extends StoredRow {
  id: string;
  site_name: string | null;
  hostname: string | null;
  sort_value: string | number;
}

export class IncidentStore implements IncidentCacheOperations {
  readonly #db: Connection;
  readonly #writer: IncidentWriter;

  constructor(db: Connection) {
    this.#db = db;
    this.#writer = new IncidentWriter(db);
  }

  writeIncidents(write: IncidentWrite): IncidentWriteCounts & { removed: number } {
    const counts: IncidentWriteCounts = { inserted: 0, updated: 0, unchanged: 0, beyondRetention: 0 };
    let removed = 0;
    const cutoff = this.#cutoff(write.now);
    const saveValidator = this.#db.prepare('INSERT INTO incident_page_validators (url, etag, ids) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, ids = excluded.ids');
    const saveMeta = this.#db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.#db
      .transaction(() => {
        if (write.bulk) this.#writer.bulkInsert(write.rows, cutoff, counts);
        else for (const row of write.rows) this.#writer.upsert(row, cutoff, counts);
        for (const detail of write.details ?? []) this.#writer.putDetail(detail, cutoff, counts);
        removed = this.#writer.remove(write.removeIds ?? []);
        for (const validator of write.validators ?? []) saveValidator.run(validator.url, validator.etag, JSON.stringify(validator.ids));
        for (const [key, value] of Object.entries(write.meta ?? {})) saveMeta.run(key, value);
      })
      .immediate();
    return { ...counts, removed };
  }

  queryIncidents(query: IncidentQuery, now: string): IncidentPageResult {
    const filter = buildIncidentFilter(this.#db, query.text, Date.parse(now));
    const sortColumn = SORT_COLUMNS[query.sortBy];
    if (sortColumn === undefined) throw new ConsoleError('invalid-input', 'Incidents cannot be sorted that way.');
    const direction = query.sortDir === 'asc' ? 'ASC' : 'DESC';
    const notes = [...filter.notes];
    const where = [...filter.where];
    const params = [...filter.params];
    const after = readWindow(query);
    if (query.window !== null && after === null) notes.push('The list changed its sort since this page was asked for; it starts from the top.');
    if (after !== null) {
      const terms = query.sortBy === 'createdAt' ? '(i.created_at, i.rowid)' : `(${sortColumn}, i.created_at, i.rowid)`;
      const values = query.sortBy === 'createdAt' ? [after.created, after.rowid] : [after.value, after.created, after.rowid];
      where.push(`${terms} ${direction === 'ASC' ? '>' : '<'} (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
    const order = query.sortBy === 'createdAt' ? `i.created_at ${direction}, i.rowid ${direction}` : `${sortColumn} ${direction}, i.created_at ${direction}, i.rowid ${direction}`;
    const pageSql = (conditions: string[], limit: number) =>
      `SELECT i.rowid AS rowid, i.id, i.site_id, s.clinic_name AS site_name, i.hostname, i.check_type, i.severity, i.level, i.resolved, i.resolved_at, i.created_at,
              i.hipaa_controls, i.remediation_attempts, i.remediation_exhausted, i.detail_state, ${sortColumn} AS sort_value
       FROM incidents i LEFT JOIN sites s ON s.site_id = i.site_id
       ${whereClause(conditions)} ORDER BY ${order} LIMIT ${limit}`;
    let rows: ListRow[] | null = null;
    if (filter.common) {
      // A very common search: read the next PROBE_BUDGET rows in order and keep those the FTS index has,
      // stopping at the page's end. (The inner LIMIT keeps SQLite from flattening, so the order holds.)
      rows = this.#db
        .prepare<unknown[], ListRow>(`SELECT * FROM (${pageSql(where, PROBE_BUDGET)}) c WHERE EXISTS (SELECT 1 FROM incident_fts f WHERE incident_fts MATCH ? AND f.rowid = c.rowid) LIMIT ?`)
        .all(...params, filter.common.expression, query.limit + 1);
      // Too few in the budget (a filter the search rarely meets, or the list's end): the whole match set.
      if (rows.length <= query.limit) rows = null;
    }
    if (rows === null) {
      const conditions = filter.common ? [...where, filter.common.setCondition] : where;
      const values = filter.common ? [...params, filter.common.expression] : params;
      rows = this.#db.prepare<unknown[], ListRow>(pageSql(conditions, query.limit + 1)).all(...values);
    }
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextWindow =
      rows.length > query.limit && last
        ? encodeWindow({ sortBy: query.sortBy, sortDir: query.sortDir, value: last.sort_value, created: last.created_at, rowid: last.rowid })
        : null;
    return {
      rows: page.map(toListItem),
      total: this.#count(filter),
      nextWindow,
      filters: filter.parsed.understood,
      searchTerms: filter.parsed.groups.flat().map((term) => `${term.words.join(' ')}*`),
      notes,
      coverage: this.#coverage(),
      syncedAt: this.#meta(INCIDENTS_SYNCED_AT),
    };
  }

  incidentFacets(query: IncidentQuery, now: string): IncidentFacetsResult {
    const filter = buildIncidentFilter(this.#db, query.text, Date.parse(now));
    const columns = { severity: 'severity', level: 'level', status: "CASE resolved WHEN 1 THEN 'resolved' ELSE 'open' END", checkType: 'check_type' } as const;
    if (filter.tallyOnly) {
      const facets = FACET_DIMENSIONS.map((dimension) => {
        const values = this.#db
          .prepare<unknown[], { value: string; count: number }>(
            `SELECT ${columns[dimension]} AS value, SUM(n) AS count FROM incident_tally t ${whereClause(filter.tallyWhere)} GROUP BY 1 HAVING SUM(n) > 0 ORDER BY 2 DESC, 1`,
          )
          .all(...filter.tallyParams);
        return { dimension, values, exact: true };
      });
      return { facets, total: this.#count(filter) };
    }
    // Text, control, host or age filters: count what a capped scan sees; beyond the cap every count is a lower bound.
    const scanned = this.#db
      .prepare<unknown[], { severity: string; level: string; resolved: number; check_type: string }>(
        `SELECT i.severity, i.level, i.resolved, i.check_type FROM incidents i ${whereClause(filter.countWhere)} LIMIT ?`,
      )
      .all(...filter.countParams, INCIDENT_COUNT_CAP + 1);
    const capped = scanned.length > INCIDENT_COUNT_CAP || filter.countPartial;
    const sample = scanned.slice(0, INCIDENT_COUNT_CAP);
    const pick = { severity: (r: (typeof sample)[number]) => r.severity, level: (r: (typeof sample)[number]) => r.level, status: (r: (typeof sample)[number]) => (r.resolved ? 'resolved' : 'open'), checkType: (r: (typeof sample)[number]) => r.check_type };
    const facets = FACET_DIMENSIONS.map((dimension) => {
      const counts = new Map<string, number>();
      for (const row of sample) counts.set(pick[dimension](row), (counts.get(pick[dimension](row)) ?? 0) + 1);
      const values = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      return { dimension, values, exact: !capped };
    });
    return { facets, total: { count: sample.length, capped } };
  }

  incidentDetail(id: string): IncidentDetailView | null {
    const row = this.#db
      .prepare<[string], ListRow & { appliance_id: string | null; drift_json: string | null; drift_truncated: number; drift_bytes: number; timeline_json: string; fetched_at: string }>(
        `SELECT i.rowid, i.id, i.site_id, s.clinic_name AS site_name, i.hostname, i.check_type, i.severity, i.level, i.resolved, i.resolved_at, i.created_at,
                i.hipaa_controls, i.remediation_attempts, i.remediation_exhausted, i.detail_state, i.created_at AS sort_value,
                d.appliance_id, d.drift_json, d.drift_truncated, d.drift_bytes, d.timeline_json, d.fetched_at
         FROM incidents i JOIN incident_details d ON d.incident_rowid = i.rowid LEFT JOIN sites s ON s.site_id = i.site_id WHERE i.id = ?`,
      )
      .get(id.toLowerCase());
    if (!row) return null;
    return {
      incident: toListItem(row),
      applianceId: row.appliance_id,
      driftJson: row.drift_json,
      driftTruncated: row.drift_truncated === 1,
      driftBytes: row.drift_bytes,
      timelineJson: row.timeline_json,
      fetchedAt: row.fetched_at,
    };
  }

  openIncidentIds(): string[] {
    return this.#db.prepare<[], { id: string }>('SELECT id FROM incidents WHERE resolved = 0').all().map((row) => row.id);
  }

  incidentSites(): Array<{ siteId: string; resolved: number }> {
    return this.#db
      .prepare<[], { siteId: string; resolved: number }>(
        'SELECT site_id AS siteId, SUM(CASE resolved WHEN 1 THEN n ELSE 0 END) AS resolved FROM incident_tally GROUP BY site_id HAVING SUM(n) > 0 ORDER BY site_id',
      )
      .all();
  }

  incidentsNeedingDetail(since: string, limit: number): string[] {
    return this.#db
      .prepare<[string, number], { id: string }>(
        `SELECT id FROM incidents WHERE detail_state <> 1 AND (resolved = 0 OR created_at >= ?) ORDER BY resolved, created_at DESC LIMIT ?`,
      )
      .all(since, limit)
      .map((row) => row.id);
  }

  incidentValidators(urls: string[]): Record<string, PageValidator> {
    const select = this.#db.prepare<[string], { etag: string; ids: string }>('SELECT etag, ids FROM incident_page_validators WHERE url = ?');
    const found: Record<string, PageValidator> = {};
    for (const url of urls) {
      const row = select.get(url);
      if (row) found[url] = { url, etag: row.etag, ids: JSON.parse(row.ids) as string[] };
    }
    return found;
  }

  incidentsUnlisted(listing: SliceListing): string[] {
    const listed = new Set(listing.listedIds.map((id) => id.toLowerCase()));
    const bounds = this.#db
      .prepare<[string], { newest: string | null; oldest: string | null }>('SELECT MAX(created_at) AS newest, MIN(created_at) AS oldest FROM incidents WHERE id IN (SELECT value FROM json_each(?))')
      .get(JSON.stringify([...listed]));
    const where = ['site_id = ?', 'resolved = ?'];
    const params: unknown[] = [listing.siteId, listing.resolved ? 1 : 0];
    if (!listing.fromStart) {
      // Nothing the listing vouches for is cached: there is no stretch to compare.
      if (bounds?.newest == null) return [];
      where.push('created_at <= ?');
      params.push(bounds.newest);
    }
    if (!listing.toEnd) {
      if (bounds?.oldest == null) return [];
      where.push('created_at >= ?');
      params.push(bounds.oldest);
    }
    return this.#db
      .prepare<unknown[], { id: string }>(`SELECT id FROM incidents ${whereClause(where)}`)
      .all(...params)
      .map((row) => row.id)
      .filter((id) => !listed.has(id));
  }

  newestIncidentAt(): string | null {
    return (this.#db.prepare('SELECT MAX(created_at) AS newest FROM incidents').get() as { newest: string | null }).newest;
  }

  incidentSettings(): IncidentSettings {
    const stored = this.#meta(SETTINGS_KEY);
    const parsed = stored === null ? null : IncidentSettingsSchema.safeParse(JSON.parse(stored));
    return parsed?.success ? parsed.data : { retentionDays: INCIDENT_RETENTION_DAYS.default, detailDays: INCIDENT_DETAIL_DAYS.default };
  }

  setIncidentSettings(settings: IncidentSettings, now: string): IncidentSettings & { purged: number } {
    const valid = IncidentSettingsSchema.parse(settings);
    let purged = 0;
    this.#db
      .transaction(() => {
        this.#db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SETTINGS_KEY, JSON.stringify(valid));
        purged = this.#writer.purgeBefore(this.#cutoff(now)!);
      })
      .immediate();
    return { ...valid, purged };
  }

  #cutoff(now: string): string | null {
    const nowMs = Date.parse(now);
    if (Number.isNaN(nowMs)) return null;
    return new Date(nowMs - this.incidentSettings().retentionDays * DAY_MS).toISOString();
  }

  #count(filter: IncidentFilter): { count: number; capped: boolean } {
    if (filter.tallyOnly) {
      const row = this.#db.prepare<unknown[], { total: number | null }>(`SELECT SUM(n) AS total FROM incident_tally t ${whereClause(filter.tallyWhere)}`).get(...filter.tallyParams);
      return { count: row?.total ?? 0, capped: false };
    }
    if (filter.knownTotal) return filter.knownTotal;
    const row = this.#db
      .prepare<unknown[], { total: number }>(`SELECT count(*) AS total FROM (SELECT 1 FROM incidents i ${whereClause(filter.countWhere)} LIMIT ?)`)
      .get(...filter.countParams, INCIDENT_COUNT_CAP + 1);
    const total = row?.total ?? 0;
    return total > INCIDENT_COUNT_CAP ? { count: INCIDENT_COUNT_CAP, capped: true } : { count: total, capped: filter.countPartial };
  }

  #coverage(): { detailsCached: number; incidents: number } {
    const incidents = (this.#db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM incident_tally').get() as { n: number }).n;
    const detailsCached = (this.#db.prepare('SELECT count(*) AS n FROM incident_details').get() as { n: number }).n;
    return { detailsCached, incidents };
  }

  #meta(key: string): string | null {
    return (this.#db.prepare<[string], { value: string | null }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null);
  }
}

function whereClause(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

function toListItem(row: ListRow): IncidentListItem {
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    hostname: row.hostname,
    checkType: row.check_type,
    severity: row.severity,
    level: row.level === 'none' ? null : row.level,
    resolved: row.resolved === 1,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    hipaaControls: parseControls(row.hipaa_controls),
    remediationAttempts: row.remediation_attempts,
    remediationExhausted: row.remediation_exhausted === 1,
    detailCached: row.detail_state !== 0,
  };
}

function parseControls(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

interface IncidentWindow {
  sortBy: string;
  sortDir: string;
  value: string | number;
  created: string;
  rowid: number;
}

function encodeWindow(window: IncidentWindow): string {
  return Buffer.from(JSON.stringify([window.sortBy, window.sortDir, window.value, window.created, window.rowid])).toString('base64url');
}

/** The window's position, or null when it is not one this query handed out (another sort, or garbage). */
function readWindow(query: IncidentQuery): IncidentWindow | null {
  if (query.window === null) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(query.window, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 5) return null;
    const [sortBy, sortDir, sortValue, created, rowid] = value as unknown[];
    if (sortBy !== query.sortBy || sortDir !== query.sortDir) return null;
    if ((typeof sortValue !== 'string' && typeof sortValue !== 'number') || typeof created !== 'string' || !Number.isInteger(rowid)) return null;
    return { sortBy: query.sortBy, sortDir: query.sortDir, value: sortValue, created, rowid: rowid as number };
  } catch {
    return null;
  }
}
