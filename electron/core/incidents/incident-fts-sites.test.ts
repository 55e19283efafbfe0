import { describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS } from '../cache/migrations.ts';
import { openRawConnection, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { INCIDENT_FTS_SITES_MIGRATION, inTextColumns, ofSites, siteToken, siteTokenSql } from './incident-fts-sites.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { IncidentWriter, type IncidentWriteCounts } from './incident-writes.ts';

// A cache from before migration 15 (full-text rows of hostname and drift text only), in a real SQLCipher
// file: afterwards each cached detail's row also carries its site's token, and the text keeps its words.
const folder = useCacheFolder();

describe('the site of each cached detail in the full-text index', () => {
  it('is one token per site id, the same made in JavaScript and in SQL, for any id', () => {
    const db = openRawConnection(folder.dir.file('tokens.db'), generateCacheKeyHex());
    const ids = ['site-1', 'site_1', 'site 1', 'Site-1', "St. Mary's Cédar", '東京-3', ''];
    for (const id of ids) expect(db.prepare<[string], string>(`SELECT lower(${siteTokenSql('?')})`).pluck().get(id), id).toBe(siteToken(id));
    expect(new Set(ids.map(siteToken)).size).toBe(ids.length);
    db.exec(`CREATE VIRTUAL TABLE temp.t USING fts5(hostname, drift, site, tokenize = 'unicode61 remove_diacritics 2')`);
    const insert = db.prepare<[number, string]>(`INSERT INTO temp.t (rowid, hostname, drift, site) VALUES (?, 'ws', 'text', ${siteTokenSql('?')})`);
    ids.forEach((id, index) => insert.run(index + 1, id));
    // Each token is one word to the tokenizer: a site's query finds its row and no other.
    ids.forEach((id, index) => expect(db.prepare<[string], number>('SELECT rowid FROM temp.t WHERE t MATCH ?').pluck().all(ofSites([id])), id).toEqual([index + 1]));
    expect(db.prepare<[string], number>('SELECT count(*) FROM temp.t WHERE t MATCH ?').pluck().get(inTextColumns('zs*'))).toBe(0);
    db.close();
  });

  it('is given to every cached detail by migration 15, which keeps the hostname and drift text', () => {
    const db = openRawConnection(folder.dir.file('cache.db'), generateCacheKeyHex());
    applyMigrations(db, MIGRATIONS.filter((migration) => migration.version < INCIDENT_FTS_SITES_MIGRATION.version));
    const counts: IncidentWriteCounts = { inserted: 0, updated: 0, unchanged: 0, beyondRetention: 0 };
    const writer = new IncidentWriter(db);
    for (let index = 0; index < 12; index++) writer.upsert(incident(index, { siteId: `site-${index % 3}` }), null, counts);
    const rowidOf = (index: number) => db.prepare<[string], number>('SELECT rowid FROM incidents WHERE id = ?').pluck().get(incident(index).id)!;
    for (const index of [1, 2, 4]) {
      db.prepare(`INSERT INTO incident_details (incident_rowid, appliance_id, drift_json, drift_truncated, drift_bytes, timeline_json, search_text, fetched_at) VALUES (?, 'app', '{}', 0, 2, '[]', ?, ?)`).run(rowidOf(index), `quota on disk ${index}`, FIXTURE_NOW);
      db.prepare(`UPDATE incidents SET hostname = ?, detail_state = 1 WHERE rowid = ?`).run(`ws-0${index}`, rowidOf(index));
      db.prepare(`INSERT INTO incident_fts (rowid, hostname, drift) VALUES (?, ?, ?)`).run(rowidOf(index), `ws-0${index}`, `quota on disk ${index}`);
    }
    applyMigrations(db);
    const matching = (expression: string) => db.prepare<[string], number>('SELECT rowid FROM incident_fts WHERE incident_fts MATCH ? ORDER BY rowid').pluck().all(expression);
    expect(matching(inTextColumns('quota'))).toEqual([1, 2, 4].map(rowidOf));
    expect(matching(inTextColumns('"ws 04"'))).toEqual([rowidOf(4)]);
    expect(matching(ofSites(['site-1']))).toEqual([1, 4].map(rowidOf));
    expect(matching(`${inTextColumns('quota')} AND ${ofSites(['site-2'])}`)).toEqual([rowidOf(2)]);
    expect(matching(ofSites(['site-0']))).toEqual([]);
    db.close();
  });
});
