import type { Migration } from '../cache/migrations.ts';

/**
 * Each full-text row (a cached detail) carries its incident's site as one token in the `site` column,
 * so a detail word and a clinic (`hklm riverside`) are one FTS5 query: FTS5 intersects the two doclists
 * itself, skipping through the long one, where an INTERSECT of the detail word's 132,758 rows with the
 * clinics' 20,000 index entries read both whole (26 ms at 1M; 2.6 ms as one query). The token is the id's
 * UTF-8 bytes in hex behind `zs`: one alphanumeric token per id, so two ids never share it and a rename
 * changes nothing. Every other match is kept to the text columns (`inTextColumns`).
 */
export function siteToken(siteId: string): string {
  return `zs${Buffer.from(siteId, 'utf8').toString('hex')}`;
}

/** The same token in SQL, from a site id column (`hex` gives a text's UTF-8 bytes; the tokenizer folds case). */
export function siteTokenSql(column: string): string {
  return `'zs' || hex(${column})`;
}

/** An FTS5 expression kept to the hostname and drift text, so it never meets a site token. */
export function inTextColumns(expression: string): string {
  return `{hostname drift} : (${expression})`;
}

/** An FTS5 expression matching the rows of any of these sites. */
export function ofSites(siteIds: readonly string[]): string {
  return `site : (${siteIds.map(siteToken).join(' OR ')})`;
}

/**
 * The full-text rows of cached details, made from what the cache stores (the detail's text, the
 * incident's hostname and site): the migration's rebuild, a detail's write and an incident's move to
 * another site all make them so. `where` narrows the details (`d`).
 */
export function fullTextRowsFromDetails(where = ''): string {
  return `INSERT INTO incident_fts (rowid, hostname, drift, site)
    SELECT d.incident_rowid, COALESCE(i.hostname, ''), d.search_text, ${siteTokenSql('i.site_id')}
    FROM incident_details d JOIN incidents i ON i.rowid = d.incident_rowid ${where}`;
}

export const INCIDENT_FTS_SITES_MIGRATION: Migration = {
  version: 15,
  description: 'incident full-text index: each cached detail also carries its site',
  up(db) {
    // Rebuilt from the cached details: a contentless index cannot gain a column in place.
    db.exec(`
      DROP TABLE incident_fts;
      CREATE VIRTUAL TABLE incident_fts USING fts5(
        hostname, drift, site,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      ${fullTextRowsFromDetails()};
      INSERT INTO incident_fts (incident_fts) VALUES ('optimize');
    `);
  },
};
