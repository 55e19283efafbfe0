import type { Migration } from '../cache/migrations.ts';

/**
 * The incident indexes as the query plans read them. Each ends in `created_at, rowid` (the sorts'
 * tie-break, so a filtered page reads in order) and then carries the columns a read checks or
 * groups by beside the filter: the state (a second filter — `is:resolved level:L1` — is answered in
 * the index instead of a row read per entry) and, for the site and time indexes, the level too, so
 * the chart filtered by site, org, age or search text counts index entries, not rows.
 */
export const INCIDENT_INDEXES: Readonly<Record<string, string>> = {
  incidents_by_created: 'incidents (created_at, rowid, level, resolved)',
  incidents_by_site: 'incidents (site_id, created_at, rowid, level, resolved)',
  incidents_by_severity: 'incidents (severity_rank, created_at, rowid, resolved)',
  incidents_by_level: 'incidents (level, created_at, rowid, resolved)',
  incidents_by_check: 'incidents (check_type, created_at, rowid, resolved)',
};

/**
 * Rewrites the full-text index as one segment. A bulk write leaves it in many segments, and checking
 * one row against a term then seeks in every one of them (at 100k rows filled in one transaction:
 * ~0.8 ms a check before, ~10 µs after). Costs a few seconds per million incidents.
 */
export function compactIncidentSearch(db: { exec(sql: string): unknown }): void {
  db.exec(`INSERT INTO incident_fts (incident_fts) VALUES ('optimize')`);
}

/**
 * The query plans' cache changes: the wider indexes above; `incident_control_day_tally`, per HIPAA
 * control, UTC day, level and state (kept by triggers on `incident_controls` and on an incident's
 * day, level or state), so the chart of a `control:` filter sums a few thousand rows instead of
 * reading every incident under the control; and the full-text index compacted once.
 */
export const INCIDENT_PLAN_MIGRATION: Migration = {
  version: 6,
  description: 'incident query plans: covering indexes, control day tally, compacted full-text index',
  up(db) {
    for (const [name, definition] of Object.entries(INCIDENT_INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}; CREATE INDEX ${name} ON ${definition};`);
    db.exec(`
      CREATE TABLE incident_control_day_tally (
        control TEXT NOT NULL COLLATE NOCASE, day TEXT NOT NULL, level TEXT NOT NULL, resolved INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (control, day, level, resolved)
      ) WITHOUT ROWID;
      INSERT INTO incident_control_day_tally
        SELECT c.control, substr(i.created_at, 1, 10), i.level, i.resolved, count(*) FROM incident_controls c JOIN incidents i ON i.rowid = c.incident_rowid GROUP BY 1, 2, 3, 4;
      -- As incident_control_tally: a control row counts under its incident's day, level and state as they
      -- are when it is written or deleted, and moves when they change.
      CREATE TRIGGER incident_controls_day_tally_insert AFTER INSERT ON incident_controls BEGIN
        INSERT INTO incident_control_day_tally SELECT NEW.control, substr(i.created_at, 1, 10), i.level, i.resolved, 1 FROM incidents i WHERE i.rowid = NEW.incident_rowid
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER incident_controls_day_tally_delete AFTER DELETE ON incident_controls BEGIN
        UPDATE incident_control_day_tally SET n = n - 1
          WHERE (control, day, level, resolved) IN (SELECT OLD.control, substr(i.created_at, 1, 10), i.level, i.resolved FROM incidents i WHERE i.rowid = OLD.incident_rowid);
      END;
      CREATE TRIGGER incidents_control_day_tally_update AFTER UPDATE OF created_at, level, resolved ON incidents BEGIN
        UPDATE incident_control_day_tally SET n = n - 1
          WHERE day = substr(OLD.created_at, 1, 10) AND level = OLD.level AND resolved = OLD.resolved
            AND control IN (SELECT c.control FROM incident_controls c WHERE c.incident_rowid = OLD.rowid);
        INSERT INTO incident_control_day_tally SELECT c.control, substr(NEW.created_at, 1, 10), NEW.level, NEW.resolved, 1 FROM incident_controls c WHERE c.incident_rowid = NEW.rowid
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
    `);
    compactIncidentSearch(db);
  },
};
