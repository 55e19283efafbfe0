import type Database from 'better-sqlite3-multiple-ciphers';
import { CURRENT_INCIDENT_ROLL_UPS } from '../incident-site-tally-migration.ts';

/** Rolls a test cache back to before the roll-up tallies (cache migrations 7 and 10), as an older console left it. */
export function dropIncidentRollUps(db: Database.Database): void {
  for (const { target } of CURRENT_INCIDENT_ROLL_UPS) {
    db.exec(`DROP TRIGGER IF EXISTS ${target}_insert; DROP TRIGGER IF EXISTS ${target}_update; DROP TRIGGER IF EXISTS ${target}_delete; DROP TABLE IF EXISTS ${target};`);
  }
  db.exec('DELETE FROM schema_migrations WHERE version >= 7');
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
