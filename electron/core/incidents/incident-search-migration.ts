import type { Migration } from '../cache/migrations.ts';

/**
 * The full-text index reduced to what only it can answer: the hostname and drift text of incidents
 * whose detail is cached. Check types, clinic names and controls are matched against their own small
 * vocabularies and read through their indexes (search-dimensions.ts), so list rows write no full-text
 * rows at all. Rebuilt from the cached details (a contentless index cannot be narrowed in place).
 */
export const INCIDENT_SEARCH_MIGRATION: Migration = {
  version: 8,
  description: 'incident full-text index: hostname and drift text of the cached details only',
  up(db) {
    db.exec(`
      DROP TABLE incident_fts;
      CREATE VIRTUAL TABLE incident_fts USING fts5(
        hostname, drift,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO incident_fts (rowid, hostname, drift)
        SELECT d.incident_rowid, COALESCE(i.hostname, ''), d.search_text FROM incident_details d JOIN incidents i ON i.rowid = d.incident_rowid;
    `);
  },
};
