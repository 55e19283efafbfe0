import type Database from 'better-sqlite3-multiple-ciphers';
import { CONTROL_SET_TALLY_KEYS, CURRENT_INCIDENT_ROLL_UPS } from '../incident-control-set-tally-migration.ts';
import { CONTROL_SET_DAY_TALLY_KEYS } from '../incident-day-tally-migration.ts';
import { dropRowTallySql } from '../incident-row-tally.ts';
import { DROP_DETAIL_COUNT } from '../incident-detail-count-migration.ts';

/**
 * Rolls a test cache back to before the roll-up tallies (cache migrations 7, 10 and 11, the last with
 * the control-list tally they sum; and 12 after them), as an older console left it: with migration 4's per-control tally,
 * which migration 7 rolls up and 11 drops, counted from the rows (its triggers are left out: nothing
 * writes before the migrations run again).
 */
export function dropIncidentRollUps(db: Database.Database): void {
  dropIncidentDayTally(db);
  for (const { target } of CURRENT_INCIDENT_ROLL_UPS) {
    db.exec(`DROP TRIGGER IF EXISTS ${target}_insert; DROP TRIGGER IF EXISTS ${target}_update; DROP TRIGGER IF EXISTS ${target}_delete; DROP TABLE IF EXISTS ${target};`);
  }
  db.exec(dropRowTallySql(CONTROL_SET_TALLY_KEYS));
  db.exec(`
    CREATE TABLE IF NOT EXISTS incident_control_tally (
      control TEXT NOT NULL COLLATE NOCASE, site_id TEXT NOT NULL, severity TEXT NOT NULL, level TEXT NOT NULL, resolved INTEGER NOT NULL, check_type TEXT NOT NULL COLLATE NOCASE,
      n INTEGER NOT NULL,
      PRIMARY KEY (control, site_id, severity, level, resolved, check_type)
    ) WITHOUT ROWID;
    DELETE FROM incident_control_tally;
    INSERT INTO incident_control_tally
      SELECT c.control, i.site_id, i.severity, i.level, i.resolved, i.check_type, count(*) FROM incident_controls c JOIN incidents i ON i.rowid = c.incident_rowid GROUP BY 1, 2, 3, 4, 5, 6;
  `);
  db.exec('DELETE FROM schema_migrations WHERE version >= 7');
}

/** Rolls a test cache back to before the day tally by control list (cache migration 12), without the day tallies it replaced, and the detail count after it (13). */
export function dropIncidentDayTally(db: Database.Database): void {
  db.exec(DROP_DETAIL_COUNT);
  db.exec(dropRowTallySql(CONTROL_SET_DAY_TALLY_KEYS));
  db.exec('DELETE FROM schema_migrations WHERE version >= 12');
}

/** Rolls a test cache back to before the incident tables, as an older console left it. */
export function dropIncidentTables(db: Database.Database): void {
  dropIncidentRollUps(db);
  db.exec(`
    DROP TABLE IF EXISTS incident_day_tally; DROP TABLE IF EXISTS incident_control_tally; DROP TABLE IF EXISTS incident_control_day_tally;
    DROP TABLE incident_fts; DROP TABLE incident_tally; DROP TABLE incident_details; DROP TABLE incident_controls;
    DROP TABLE incident_page_validators; DROP TABLE incidents; DELETE FROM schema_migrations WHERE version >= 3;
  `);
}
