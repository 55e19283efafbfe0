import type { Migration } from '../cache/migrations.ts';

/**
 * Counts the incidents view reads at any size without a scan, kept by triggers like incident_tally:
 * `incident_day_tally` per UTC day (of created_at) and the dimensions a chart is filtered by
 * (severity, level, state, check type), so the chart over a year is a few thousand rows summed;
 * `incident_control_tally` per HIPAA control and the tally's dimensions, so the control facet is
 * exact for every filter the tally answers.
 * Both are filled from the rows already cached when the migration runs.
 */
export const INCIDENT_VIEW_MIGRATION: Migration = {
  version: 4,
  description: 'incidents view: per-day and per-control tallies',
  up(db) {
    db.exec(`
      CREATE TABLE incident_day_tally (
        day TEXT NOT NULL, severity TEXT NOT NULL, level TEXT NOT NULL, resolved INTEGER NOT NULL, check_type TEXT NOT NULL COLLATE NOCASE,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, severity, level, resolved, check_type)
      ) WITHOUT ROWID;
      INSERT INTO incident_day_tally SELECT substr(created_at, 1, 10), severity, level, resolved, check_type, count(*) FROM incidents GROUP BY 1, 2, 3, 4, 5;
      CREATE TRIGGER incidents_day_tally_insert AFTER INSERT ON incidents BEGIN
        INSERT INTO incident_day_tally VALUES (substr(NEW.created_at, 1, 10), NEW.severity, NEW.level, NEW.resolved, NEW.check_type, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER incidents_day_tally_delete AFTER DELETE ON incidents BEGIN
        UPDATE incident_day_tally SET n = n - 1
          WHERE day = substr(OLD.created_at, 1, 10) AND severity = OLD.severity AND level = OLD.level AND resolved = OLD.resolved AND check_type = OLD.check_type;
      END;
      CREATE TRIGGER incidents_day_tally_update AFTER UPDATE OF created_at, severity, level, resolved, check_type ON incidents BEGIN
        UPDATE incident_day_tally SET n = n - 1
          WHERE day = substr(OLD.created_at, 1, 10) AND severity = OLD.severity AND level = OLD.level AND resolved = OLD.resolved AND check_type = OLD.check_type;
        INSERT INTO incident_day_tally VALUES (substr(NEW.created_at, 1, 10), NEW.severity, NEW.level, NEW.resolved, NEW.check_type, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;

      CREATE TABLE incident_control_tally (
        control TEXT NOT NULL COLLATE NOCASE, site_id TEXT NOT NULL, severity TEXT NOT NULL, level TEXT NOT NULL, resolved INTEGER NOT NULL, check_type TEXT NOT NULL COLLATE NOCASE,
        n INTEGER NOT NULL,
        PRIMARY KEY (control, site_id, severity, level, resolved, check_type)
      ) WITHOUT ROWID;
      INSERT INTO incident_control_tally
        SELECT c.control, i.site_id, i.severity, i.level, i.resolved, i.check_type, count(*) FROM incident_controls c JOIN incidents i ON i.rowid = c.incident_rowid GROUP BY 1, 2, 3, 4, 5, 6;
      -- A control row counts under its incident's dimensions as they are when it is written or deleted
      -- (the writer deletes an incident's controls before the incident), and moves when they change.
      CREATE TRIGGER incident_controls_tally_insert AFTER INSERT ON incident_controls BEGIN
        INSERT INTO incident_control_tally SELECT NEW.control, i.site_id, i.severity, i.level, i.resolved, i.check_type, 1 FROM incidents i WHERE i.rowid = NEW.incident_rowid
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER incident_controls_tally_delete AFTER DELETE ON incident_controls BEGIN
        UPDATE incident_control_tally SET n = n - 1
          WHERE (control, site_id, severity, level, resolved, check_type) IN (SELECT OLD.control, i.site_id, i.severity, i.level, i.resolved, i.check_type FROM incidents i WHERE i.rowid = OLD.incident_rowid);
      END;
      CREATE TRIGGER incidents_control_tally_update AFTER UPDATE OF site_id, severity, level, resolved, check_type ON incidents BEGIN
        UPDATE incident_control_tally SET n = n - 1
          WHERE site_id = OLD.site_id AND severity = OLD.severity AND level = OLD.level AND resolved = OLD.resolved AND check_type = OLD.check_type
            AND control IN (SELECT c.control FROM incident_controls c WHERE c.incident_rowid = OLD.rowid);
        INSERT INTO incident_control_tally SELECT c.control, NEW.site_id, NEW.severity, NEW.level, NEW.resolved, NEW.check_type, 1 FROM incident_controls c WHERE c.incident_rowid = NEW.rowid
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
    `);
  },
};
