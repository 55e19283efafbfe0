import type Database from 'better-sqlite3-multiple-ciphers';
import { ConsoleError } from '#shared/errors.ts';
import { INCIDENTS_MIGRATION } from '../incidents/incident-migration.ts';
import { INCIDENT_VIEW_MIGRATION } from '../incidents/incident-view-migration.ts';
import { FLEET_SORT_INDEXES_MIGRATION } from '../fleet/fleet-sort-migration.ts';
import { INCIDENT_PLAN_MIGRATION } from '../incidents/incident-plan-migration.ts';
import { INCIDENT_KIND_TALLY_MIGRATION } from '../incidents/incident-kind-tally-migration.ts';
import { INCIDENT_SEARCH_MIGRATION } from '../incidents/incident-search-migration.ts';
import { INCIDENT_SITE_INDEX_MIGRATION } from '../incidents/incident-site-index-migration.ts';
import { INCIDENT_SITE_TALLY_MIGRATION } from '../incidents/incident-site-tally-migration.ts';
import { INCIDENT_CONTROL_SET_TALLY_MIGRATION } from '../incidents/incident-control-set-tally-migration.ts';
import { INCIDENT_DAY_TALLY_MIGRATION } from '../incidents/incident-day-tally-migration.ts';
import { INCIDENT_DETAIL_COUNT_MIGRATION } from '../incidents/incident-detail-count-migration.ts';
import { INCIDENT_DETAIL_QUEUE_MIGRATION } from '../incidents/incident-detail-queue-migration.ts';
import { INCIDENT_FTS_SITES_MIGRATION } from '../incidents/incident-fts-sites.ts';
import { INCIDENT_OPEN_IDS_MIGRATION } from '../incidents/incident-open-ids-migration.ts';

type Connection = Database.Database;

export interface Migration {
  version: number;
  description: string;
  up(db: Connection): void;
}

/** Ordered, append-only: never edit a migration that has shipped, add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'fleet overview, HTTP validators, meta',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE http_cache (url TEXT PRIMARY KEY, etag TEXT, body TEXT NOT NULL, fetched_at TEXT);
        CREATE TABLE sites (
          site_id TEXT PRIMARY KEY,
          clinic_name TEXT NOT NULL,
          org_id TEXT,
          org_name TEXT,
          live_status TEXT NOT NULL,
          tier TEXT,
          appliance_count INTEGER NOT NULL,
          last_checkin TEXT,
          raw TEXT NOT NULL
        );
        CREATE TABLE site_health (
          site_id TEXT PRIMARY KEY,
          online_count INTEGER NOT NULL,
          health_overall REAL,
          health_status TEXT,
          incidents_24h INTEGER NOT NULL,
          raw TEXT NOT NULL
        );
        CREATE TABLE global_stats (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
        CREATE INDEX sites_by_clinic_name ON sites (clinic_name COLLATE NOCASE, site_id);
        CREATE INDEX sites_by_org_name ON sites (org_name COLLATE NOCASE, site_id);
        CREATE INDEX sites_by_live_status ON sites (live_status, site_id);
        CREATE INDEX sites_by_appliance_count ON sites (appliance_count, site_id);
        CREATE INDEX sites_by_last_checkin ON sites (last_checkin, site_id);
        CREATE INDEX site_health_by_health_overall ON site_health (health_overall, site_id);
      `);
    },
  },
  {
    version: 2,
    description: 'documents: per-site views and the attention list, as last fetched',
    up(db) {
      db.exec(`
        CREATE TABLE documents (
          kind TEXT NOT NULL,
          key TEXT NOT NULL,
          json TEXT NOT NULL,
          as_of TEXT NOT NULL,
          PRIMARY KEY (kind, key)
        );
      `);
    },
  },
  INCIDENTS_MIGRATION,
  INCIDENT_VIEW_MIGRATION,
  FLEET_SORT_INDEXES_MIGRATION,
  INCIDENT_PLAN_MIGRATION,
  INCIDENT_KIND_TALLY_MIGRATION,
  INCIDENT_SEARCH_MIGRATION,
  INCIDENT_SITE_INDEX_MIGRATION,
  INCIDENT_SITE_TALLY_MIGRATION,
  INCIDENT_CONTROL_SET_TALLY_MIGRATION,
  INCIDENT_DAY_TALLY_MIGRATION,
  INCIDENT_DETAIL_COUNT_MIGRATION,
  INCIDENT_DETAIL_QUEUE_MIGRATION,
  INCIDENT_FTS_SITES_MIGRATION,
  INCIDENT_OPEN_IDS_MIGRATION,
];

const VERSION_TABLE = 'schema_migrations';

/** The highest applied migration; 0 for a new, empty database. Reads only. */
export function readSchemaVersion(db: Connection): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(VERSION_TABLE);
  if (table === undefined) return 0;
  const row = db.prepare(`SELECT MAX(version) AS version FROM ${VERSION_TABLE}`).get() as { version: number | null };
  return row.version ?? 0;
}

/** Refuses a file from a newer console. Reads only, so the file stays exactly as it was. */
export function assertKnownSchemaVersion(db: Connection, migrations: readonly Migration[] = MIGRATIONS): number {
  const known = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
  const current = readSchemaVersion(db);
  if (current > known) {
    throw new ConsoleError(
      'cache-newer-version',
      'This cache was written by a newer Central Console. Update the console; nothing was deleted.',
      { cacheVersion: current, supportedVersion: known },
    );
  }
  return current;
}

/**
 * Applies each missing migration in its own transaction, so a failure leaves the last good
 * version behind. A file from a newer console is refused first.
 */
export function applyMigrations(db: Connection, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = assertKnownSchemaVersion(db, migrations);
  const pending = [...migrations].filter((migration) => migration.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
      migration.up(db);
      db.prepare(`INSERT INTO ${VERSION_TABLE} (version, applied_at) VALUES (?, ?)`).run(migration.version, new Date().toISOString());
    }).immediate();
  }
}
