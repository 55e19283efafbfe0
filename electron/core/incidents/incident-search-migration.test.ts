import { describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS, readSchemaVersion } from '../cache/migrations.ts';
import { openRawConnection, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { INCIDENT_SEARCH_MIGRATION } from './incident-search-migration.ts';
import { IncidentWriter, type IncidentWriteCounts } from './incident-writes.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { inTextColumns, ofSites, siteToken } from './incident-fts-sites.ts';

// A cache from before the migration — every incident's check type, site name and controls in the
// full-text index beside the details' hostname and drift text — in a real SQLCipher file: afterwards the
// index holds the cached details only, with their words, and the list's rows none.
const folder = useCacheFolder();

describe('the full-text index reduced to cached details', () => {
  it('keeps each cached detail\'s hostname and drift text and drops every list row', async () => {
    const file = folder.dir.file('cache.db');
    const db = openRawConnection(file, generateCacheKeyHex());
    applyMigrations(db, MIGRATIONS.filter((migration) => migration.version < INCIDENT_SEARCH_MIGRATION.version));
    const counts: IncidentWriteCounts = { inserted: 0, updated: 0, unchanged: 0, beyondRetention: 0 };
    db.transaction(() => {
      const writer = new IncidentWriter(db);
      for (let index = 0; index < 40; index++) writer.upsert(incident(index), null, counts);
      // The detail as the writer stored one then (its full-text row had no site column yet).
      const rowid = db.prepare<[string], number>('SELECT rowid FROM incidents WHERE id = ?').pluck().get(incident(7).id)!;
      db.prepare(`INSERT INTO incident_details (incident_rowid, appliance_id, drift_json, drift_truncated, drift_bytes, timeline_json, search_text, fetched_at) VALUES (?, 'app-1', '{}', 0, 2, '[]', 'disk quota exceeded', ?)`).run(rowid, FIXTURE_NOW);
      db.prepare(`UPDATE incidents SET hostname = 'ws-07.clinic.local', detail_state = 1 WHERE rowid = ?`).run(rowid);
      db.prepare(`INSERT INTO incident_fts (rowid, hostname, drift) VALUES (?, 'ws-07.clinic.local', 'disk quota exceeded')`).run(rowid);
      // The list rows as the index held them before.
      db.exec(`INSERT INTO incident_fts (rowid, check_type, site_name, controls) SELECT i.rowid, i.check_type, i.site_id, (SELECT group_concat(c.value, ' ') FROM json_each(i.hipaa_controls) c) FROM incidents i WHERE i.rowid NOT IN (SELECT incident_rowid FROM incident_details)`);
    })();
    const rowidOf7 = db.prepare<[string], number>('SELECT rowid FROM incidents WHERE id = ?').pluck().get(incident(7).id)!;
    expect(db.prepare('SELECT count(*) FROM incident_fts').pluck().get()).toBe(40);

    applyMigrations(db);
    expect(readSchemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    const matching = (expression: string) => db.prepare<[string], number>('SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?').pluck().all(expression);
    expect(db.prepare('SELECT count(*) FROM incident_fts').pluck().get()).toBe(1);
    expect(matching('quota')).toEqual([rowidOf7]);
    expect(matching('"ws 07"')).toEqual([rowidOf7]);
    expect(matching('backup OR patching OR 164')).toEqual([]);
    // Migration 15 gave the row its site (incident-fts-sites.ts).
    expect(matching(ofSites([incident(7).siteId]))).toEqual([rowidOf7]);
    expect(matching(inTextColumns(siteToken(incident(7).siteId)))).toEqual([]);
    db.close();
  });
});
