import type Database from 'better-sqlite3-multiple-ciphers';
import { INCIDENT_DETAIL_DAYS, INCIDENT_RETENTION_DAYS, IncidentSettingsSchema, type IncidentDetailView, type IncidentSettings } from '#shared/incidents/index.ts';
import type { IncidentDetailRecord, IncidentRecord } from './incident-records.ts';
import { LIST_COLUMNS, toListItem, type ListRow } from './incident-rows.ts';
import { IncidentWriter, type IncidentWriteCounts } from './incident-writes.ts';
import { buildDeferredIndexes, deferIncidentIndexes } from './incident-deferred-indexes.ts';
import { unlistedIncidents } from './incident-unlisted.ts';

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
  /** Drop the secondary indexes of `incidents` before writing, to be built once the first sync is done (incident-deferred-indexes.ts). */
  deferIndexes?: boolean;
  /** Build the indexes a first sync deferred, after writing (a no-op when none are). */
  buildIndexes?: boolean;
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
/**
 * The writer's page cache during a first sync (KiB, as the reader keeps): its batches and the index build
 * re-read the pages the batch before wrote, and with the connection's default 16 MiB many of them were decrypted again.
 */
const FIRST_SYNC_CACHE_KIB = 64 * 1024;

export class IncidentStore implements IncidentCacheOperations {
  readonly #db: Connection;
  readonly #writer: IncidentWriter;
  readonly #cacheSize: number;

  constructor(db: Connection) {
    this.#db = db;
    this.#writer = new IncidentWriter(db);
    this.#cacheSize = db.pragma('cache_size', { simple: true }) as number;
  }

  writeIncidents(write: IncidentWrite): IncidentWriteCounts & { removed: number } {
    const counts: IncidentWriteCounts = { inserted: 0, updated: 0, unchanged: 0, beyondRetention: 0 };
    let removed = 0;
    const cutoff = this.#cutoff(write.now);
    const saveValidator = this.#db.prepare('INSERT INTO incident_page_validators (url, etag, ids) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, ids = excluded.ids');
    const saveMeta = this.#db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    if (write.deferIndexes) this.#db.pragma(`cache_size=-${FIRST_SYNC_CACHE_KIB}`);
    this.#db
      .transaction(() => {
        if (write.deferIndexes) deferIncidentIndexes(this.#db);
        if (write.bulk) this.#writer.bulkInsert(write.rows, cutoff, counts);
        else for (const row of write.rows) this.#writer.upsert(row, cutoff, counts);
        for (const detail of write.details ?? []) this.#writer.putDetail(detail, cutoff, counts);
        removed = this.#writer.remove(write.removeIds ?? []);
        for (const validator of write.validators ?? []) saveValidator.run(validator.url, validator.etag, JSON.stringify(validator.ids));
        for (const [key, value] of Object.entries(write.meta ?? {})) saveMeta.run(key, value);
        if (write.buildIndexes) buildDeferredIndexes(this.#db);
      })
      .immediate();
    if (write.buildIndexes) this.#db.pragma(`cache_size=${this.#cacheSize}`);
    return { ...counts, removed };
  }

  incidentDetail(id: string): IncidentDetailView | null {
    const row = this.#db
      .prepare<[string], ListRow & { appliance_id: string | null; drift_json: string | null; drift_truncated: number; drift_bytes: number; timeline_json: string; fetched_at: string }>(
        `SELECT ${LIST_COLUMNS}, d.appliance_id, d.drift_json, d.drift_truncated, d.drift_bytes, d.timeline_json, d.fetched_at
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

  /** Read from `incidents_open` (incident-open-ids-migration.ts). */
  openIncidentIds(): string[] {
    return this.#db.prepare<[], { id: string }>('SELECT id FROM incidents WHERE resolved = 0').all().map((row) => row.id);
  }

  /** From the per-site roll-up (a fifth of `incident_tally`'s rows at 100k, in site order). */
  incidentSites(): Array<{ siteId: string; resolved: number }> {
    return this.#db
      .prepare<[], { siteId: string; resolved: number }>(
        'SELECT site_id AS siteId, SUM(CASE resolved WHEN 1 THEN n ELSE 0 END) AS resolved FROM incident_site_tally GROUP BY site_id HAVING SUM(n) > 0 ORDER BY site_id',
      )
      .all();
  }

  /** Open incidents first, then those reported since `since`, newest first, whose detail is not cached: each a seek in `incidents_needing_detail`. */
  incidentsNeedingDetail(since: string, limit: number): string[] {
    const open = this.#db
      .prepare<[number], string>('SELECT id FROM incidents WHERE detail_state <> 1 AND resolved = 0 ORDER BY created_at DESC LIMIT ?')
      .pluck()
      .all(limit);
    if (open.length >= limit) return open;
    const recent = this.#db
      .prepare<[string, number], string>('SELECT id FROM incidents WHERE detail_state <> 1 AND resolved = 1 AND created_at >= ? ORDER BY created_at DESC LIMIT ?')
      .pluck()
      .all(since, limit - open.length);
    return [...open, ...recent];
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
    return unlistedIncidents(this.#db, listing);
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

  #meta(key: string): string | null {
    return (this.#db.prepare<[string], { value: string | null }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null);
  }
}
