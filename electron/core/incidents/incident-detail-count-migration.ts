import type { Migration } from '../cache/migrations.ts';

/** The one row of `incident_detail_count`: how many incidents have their detail cached. */
export const DETAIL_COUNT_SQL = 'SELECT n FROM incident_detail_count WHERE id = 1';

/** Drops the count and its triggers (what the migration replaces when it runs again on a rolled-back test cache). */
export const DROP_DETAIL_COUNT = `
  DROP TRIGGER IF EXISTS incident_details_count_insert; DROP TRIGGER IF EXISTS incident_details_count_delete; DROP TABLE IF EXISTS incident_detail_count;
`;

/**
 * How many details are cached, kept by triggers on `incident_details`: every incident page reports it
 * ("details cached for 4,210 of 1,000,000"), and counting the table read every one of its leaf pages, a
 * detail or two a page with its drift data (70,000 details of ~3 KB at 1M: 0.86 s a page). An upsert that
 * updates a cached detail fires no insert trigger, so it counts once.
 */
export const INCIDENT_DETAIL_COUNT_MIGRATION: Migration = {
  version: 13,
  description: 'incident detail count: kept by triggers, so a page does not count the details table',
  up(db) {
    db.exec(`
      ${DROP_DETAIL_COUNT}
      CREATE TABLE incident_detail_count (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
      INSERT INTO incident_detail_count (id, n) SELECT 1, count(*) FROM incident_details;
      CREATE TRIGGER incident_details_count_insert AFTER INSERT ON incident_details BEGIN
        UPDATE incident_detail_count SET n = n + 1 WHERE id = 1;
      END;
      CREATE TRIGGER incident_details_count_delete AFTER DELETE ON incident_details BEGIN
        UPDATE incident_detail_count SET n = n - 1 WHERE id = 1;
      END;
    `);
  },
};
