import type { Migration } from '../cache/migrations.ts';

/**
 * Counts the incidents view reads at any size without a scan, kept by triggers like incident_tally:
 * `incident_day_tally` per UTC day (of created_at) and the dimensions a chart is filtered by
 * (severity, level, state, check type), so the chart over a year is a few thousand rows summed;
 * `incident_control_tally` per HIPAA control, so the control facet of the whole cache is exact.
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

      CREATE TABLE incident_control_tally (control TEXT NOT NULL COLLATE NOCASE PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO incident_control_tally SELECT control, count(*) FROM incident_controls GROUP BY 1;
      CREATE TRIGGER incident_controls_tally_insert AFTER INSERT ON incident_controls BEGIN
        INSERT INTO incident_control_tally VALUES (NEW.control, 1) ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER incident_controls_tally_delete AFTER DELETE ON incident_controls BEGIN
        UPDATE incident_control_tally SET n = n - 1 WHERE control = OLD.control;
      END;
    `);
  },
};
