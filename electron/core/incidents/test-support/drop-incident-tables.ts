import type Database from 'better-sqlite3-multiple-ciphers';

/** Rolls a test cache back to before the incident tables, as an older console left it. */
export function dropIncidentTables(db: Database.Database): void {
  db.exec(`
    DROP TABLE IF EXISTS incident_day_tally; DROP TABLE IF EXISTS incident_control_tally; DROP TABLE IF EXISTS incident_control_day_tally;
    DROP TABLE incident_fts; DROP TABLE incident_tally; DROP TABLE incident_details; DROP TABLE incident_controls;
    DROP TABLE incident_page_validators; DROP TABLE incidents; DELETE FROM schema_migrations WHERE version >= 3;
  `);
}
