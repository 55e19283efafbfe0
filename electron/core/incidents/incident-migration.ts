import type { Migration } from '../cache/migrations.ts';

/** Counts an inserted incident. A first sync drops it for its bulk insert and tallies the batch at once. */
export const TALLY_INSERT_TRIGGER = `CREATE TRIGGER incidents_tally_insert AFTER INSERT ON incidents BEGIN
        INSERT INTO incident_tally VALUES (NEW.site_id, NEW.severity, NEW.level, NEW.resolved, NEW.check_type, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;`;

/**
 * The incident tables. `incidents` holds the list fields with an index per filter (each ending in
 * created_at so a filtered page reads in order); `incident_controls` answers `control:`;
 * `incident_tally` keeps counts per (site, severity, level, state, check type) up to date through
 * triggers, so totals and facets over those dimensions are exact without a scan; `incident_fts` is
 * a contentless FTS5 index (inside the encrypted file like every other page).
 */
export const INCIDENTS_MIGRATION: Migration = {
  version: 3,
  description: 'incidents: list rows, details, controls, tally, full-text index, page validators',
  up(db) {
    db.exec(`
      CREATE TABLE incidents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        site_id TEXT NOT NULL,
        check_type TEXT NOT NULL COLLATE NOCASE,
        severity TEXT NOT NULL,
        severity_rank INTEGER NOT NULL,
        level TEXT NOT NULL,
        resolved INTEGER NOT NULL,
        resolved_at TEXT,
        created_at TEXT NOT NULL,
        hipaa_controls TEXT NOT NULL,
        remediation_attempts INTEGER NOT NULL,
        remediation_exhausted INTEGER NOT NULL,
        hostname TEXT COLLATE NOCASE,
        detail_state INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX incidents_by_created ON incidents (created_at);
      CREATE INDEX incidents_by_site ON incidents (site_id, created_at);
      CREATE INDEX incidents_by_severity ON incidents (severity_rank, created_at);
      CREATE INDEX incidents_by_level ON incidents (level, created_at);
      CREATE INDEX incidents_by_state ON incidents (resolved, created_at);
      CREATE INDEX incidents_by_check ON incidents (check_type, created_at);
      CREATE INDEX incidents_by_host ON incidents (hostname, created_at) WHERE hostname IS NOT NULL;
      CREATE INDEX incidents_needing_detail ON incidents (detail_state, created_at) WHERE detail_state <> 1;

      CREATE TABLE incident_controls (control TEXT NOT NULL COLLATE NOCASE, incident_rowid INTEGER NOT NULL, PRIMARY KEY (control, incident_rowid)) WITHOUT ROWID;
      CREATE INDEX incident_controls_by_incident ON incident_controls (incident_rowid);

      CREATE TABLE incident_details (
        incident_rowid INTEGER PRIMARY KEY,
        appliance_id TEXT,
        drift_json TEXT,
        drift_truncated INTEGER NOT NULL,
        drift_bytes INTEGER NOT NULL,
        timeline_json TEXT NOT NULL,
        search_text TEXT NOT NULL,
        fetched_at TEXT NOT NULL
      );

      CREATE TABLE incident_tally (
        site_id TEXT NOT NULL, severity TEXT NOT NULL, level TEXT NOT NULL, resolved INTEGER NOT NULL, check_type TEXT NOT NULL COLLATE NOCASE,
        n INTEGER NOT NULL,
        PRIMARY KEY (site_id, severity, level, resolved, check_type)
      ) WITHOUT ROWID;
      ${TALLY_INSERT_TRIGGER}
      CREATE TRIGGER incidents_tally_delete AFTER DELETE ON incidents BEGIN
        UPDATE incident_tally SET n = n - 1 WHERE site_id = OLD.site_id AND severity = OLD.severity AND level = OLD.level AND resolved = OLD.resolved AND check_type = OLD.check_type;
      END;
      CREATE TRIGGER incidents_tally_update AFTER UPDATE OF site_id, severity, level, resolved, check_type ON incidents BEGIN
        UPDATE incident_tally SET n = n - 1 WHERE site_id = OLD.site_id AND severity = OLD.severity AND level = OLD.level AND resolved = OLD.resolved AND check_type = OLD.check_type;
        INSERT INTO incident_tally VALUES (NEW.site_id, NEW.severity, NEW.level, NEW.resolved, NEW.check_type, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;

      CREATE VIRTUAL TABLE incident_fts USING fts5(
        check_type, site_name, controls, hostname, drift,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TABLE incident_page_validators (url TEXT PRIMARY KEY, etag TEXT NOT NULL, ids TEXT NOT NULL);
    `);
  },
};
