import type Database from 'better-sqlite3-multiple-ciphers';
import { ConsoleError } from '#shared/errors.ts';
import { FleetStatsSchema } from '#shared/fleet/index.ts';
import type { FleetOrg, FleetOrgPage, FleetOrgsQuery, FleetOverview, FleetQuery, FleetSite } from '#shared/fleet/index.ts';
import type { PageWindow } from '#shared/paging/paged-query.ts';
import { FLEET_SYNCED_AT, type FleetCacheOperations } from '../cache/cache-operations.ts';
import type { CacheStore } from '../cache/cache-store.ts';
import type { FleetReplacement } from '../cache/records.ts';
import { escapeLike, fleetWindowStatements } from './fleet-order.ts';

type Connection = Database.Database;

interface FleetRow {
  site_id: string;
  clinic_name: string;
  org_id: string | null;
  org_name: string | null;
  live_status: string;
  tier: string | null;
  appliance_count: number;
  last_checkin: string | null;
  online_count: number | null;
  health_overall: number | null;
  health_status: string | null;
  incidents_24h: number | null;
}

/**
 * The fleet's tables (sites, site health, global stats) and their queries: written by the fleet
 * sync in one transaction, queried for the fleet list and the org tree (sorting and filtering in
 * SQLite). Runs inside the cache worker, beside the kind-independent CacheStore.
 */
export class FleetCache implements FleetCacheOperations {
  readonly #db: Connection;
  readonly #store: CacheStore;

  constructor(db: Connection, store: CacheStore) {
    this.#db = db;
    this.#store = store;
    // SQLite's LIKE and lower() fold ASCII only; clinic names are not ASCII-only.
    db.function('cc_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldForSearch(value) : null));
  }

  replaceFleet(input: FleetReplacement): void {
    const db = this.#db;
    const insertSite = db.prepare(
      `INSERT INTO sites (site_id, clinic_name, org_id, org_name, live_status, tier, appliance_count, last_checkin, health_overall, raw)
       VALUES (@siteId, @clinicName, @orgId, @orgName, @liveStatus, @tier, @applianceCount, @lastCheckin, @healthOverall, @raw)`,
    );
    const insertHealth = db.prepare(
      `INSERT INTO site_health (site_id, online_count, health_overall, health_status, incidents_24h, raw)
       VALUES (@siteId, @onlineCount, @healthOverall, @healthStatus, @incidents24h, @raw)`,
    );
    const upsertHttp = db.prepare(
      `INSERT INTO http_cache (url, etag, body, fetched_at) VALUES (@url, @etag, @body, @fetchedAt)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, body = excluded.body, fetched_at = excluded.fetched_at`,
    );
    // The sort by health walks an index on sites, so each site carries its score (fleet-sort-migration.ts).
    const healthOverall = new Map(input.health.map((health) => [health.siteId, health.healthOverall]));
    db.transaction(() => {
      db.exec('DELETE FROM sites; DELETE FROM site_health; DELETE FROM global_stats;');
      // Every site is rewritten: building the sort indexes once over the new rows costs less than
      // keeping a dozen of them in step row by row.
      const indexes = db.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sites' AND sql IS NOT NULL`).all();
      for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
      for (const site of input.sites) insertSite.run({ ...site, healthOverall: healthOverall.get(site.siteId) ?? null });
      for (const { sql } of indexes) db.exec(sql);
      for (const health of input.health) insertHealth.run(health);
      if (input.stats !== null) {
        db.prepare('INSERT INTO global_stats (id, json) VALUES (1, ?)').run(JSON.stringify(input.stats));
      }
      for (const response of input.httpCache) upsertHttp.run({ ...response, fetchedAt: input.syncedAt });
      this.#store.setMeta(FLEET_SYNCED_AT, input.syncedAt);
    }).immediate();
  }

  /** A window of the client orgs by name (the org tree's nodes), each with its sites counted per live status. */
  fleetOrgs(query: FleetOrgsQuery): FleetOrgPage {
    const offset = windowOffset(query.window, 'organisation');
    const search = foldForSearch(query.search.trim());
    const rows = this.#db
      .prepare<{ search: string; pattern: string }, { org_id: string | null; org_name: string | null; live_status: string; sites: number }>(
        `SELECT org_id, MAX(org_name) AS org_name, live_status, COUNT(*) AS sites FROM sites
         WHERE @search = '' OR cc_fold(org_name) LIKE @pattern ESCAPE '\\'
         GROUP BY org_id, live_status ORDER BY MAX(org_name) IS NULL, MAX(org_name) COLLATE NOCASE, org_id`,
      )
      .all({ search, pattern: `%${escapeLike(search)}%` });
    const orgs = new Map<string | null, FleetOrg>();
    for (const row of rows) {
      const org = orgs.get(row.org_id) ?? { orgId: row.org_id, orgName: row.org_name, siteCount: 0, statusCounts: {} };
      org.siteCount += row.sites;
      org.statusCounts[row.live_status] = (org.statusCounts[row.live_status] ?? 0) + row.sites;
      orgs.set(row.org_id, org);
    }
    // Grouped in SQLite, windowed here: only the window crosses to the main thread.
    const ordered = [...orgs.values()];
    if (query.sortDir === 'desc') ordered.reverse();
    return pageOf(ordered.slice(offset, offset + query.limit), offset, ordered.length);
  }

  hasSite(siteId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM sites WHERE site_id = ?').get(siteId) !== undefined;
  }

  /** A window of the matching sites (sorted and filtered in SQLite), their exact count, and the fleet's totals. */
  queryFleet(query: FleetQuery): FleetOverview {
    const statements = fleetWindowStatements(query, foldForSearch(query.search.trim()));
    const offset = windowOffset(query.window, 'site');
    const rows = this.#db.prepare<Record<string, string | number>, FleetRow>(statements.window).all({ ...statements.parameters, limit: query.limit, offset });
    // Counting a fleet (tens of thousands of rows at most) is cheap enough to stay exact; the filters
    // are on the sites table alone, so the count needs no join, and an unfiltered list is the fleet.
    const totalSites = (this.#db.prepare('SELECT count(*) AS total FROM sites').get() as { total: number }).total;
    const matched = statements.count === null ? totalSites : (this.#db.prepare<Record<string, string>, { matched: number }>(statements.count).get(statements.parameters) ?? { matched: 0 }).matched;
    return { ...pageOf(rows.map(toFleetSite), offset, matched), totalSites, stats: this.#readStats(), syncedAt: this.#store.getMeta(FLEET_SYNCED_AT) };
  }

  #readStats(): FleetOverview['stats'] {
    const row = this.#db.prepare<[], { json: string }>('SELECT json FROM global_stats WHERE id = 1').get();
    return row ? FleetStatsSchema.parse(JSON.parse(row.json)) : null;
  }
}

/** The fleet's lists are windowed by row number: their cursors would only restate it. */
function windowOffset(window: PageWindow, rowName: string): number {
  if ('offset' in window) return window.offset;
  throw new ConsoleError('invalid-input', `The ${rowName} list is paged by row number, not by cursor.`);
}

function pageOf<Row>(rows: Row[], offset: number, count: number) {
  const end = offset + rows.length;
  return { rows, offset, total: { count, capped: false }, nextWindow: end < count ? { offset: end } : null };
}

function toFleetSite(row: FleetRow): FleetSite {
  return {
    siteId: row.site_id,
    clinicName: row.clinic_name,
    orgId: row.org_id,
    orgName: row.org_name,
    liveStatus: row.live_status,
    tier: row.tier,
    applianceCount: row.appliance_count,
    onlineCount: row.online_count,
    healthOverall: row.health_overall,
    healthStatus: row.health_status,
    incidents24h: row.incidents_24h,
    lastCheckin: row.last_checkin,
  };
}

/** Case- and width-insensitive form used on both sides of a search. */
function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
