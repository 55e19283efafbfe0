import type Database from 'better-sqlite3-multiple-ciphers';
import type { CacheStoreOperations, DocumentKind, StoredDocument } from './cache-operations.ts';
import type { CachedHttpResponse } from './records.ts';

type Connection = Database.Database;

/**
 * The cache's kind-independent operations over an open, migrated connection (HTTP validators, meta
 * values, documents); each feature's own tables have their own class (fleet: core/fleet/fleet-cache.ts).
 * Runs inside the cache worker.
 */
export class CacheStore implements CacheStoreOperations {
  readonly #db: Connection;

  constructor(db: Connection) {
    this.#db = db;
  }

  getHttpCache(urls: string[]): Map<string, CachedHttpResponse> {
    const select = this.#db.prepare<[string], { etag: string | null; body: string }>('SELECT etag, body FROM http_cache WHERE url = ?');
    const found = new Map<string, CachedHttpResponse>();
    for (const url of urls) {
      const row = select.get(url);
      if (row) found.set(url, { etag: row.etag, body: row.body });
    }
    return found;
  }

  getMeta(key: string): string | null {
    const row = this.#db.prepare<[string], { value: string | null }>('SELECT value FROM meta WHERE key = ?').get(key);
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.#writeMeta(key, value);
  }

  getDocument(kind: DocumentKind, key: string): StoredDocument | null {
    const row = this.#db
      .prepare<[string, string], { json: string; as_of: string }>('SELECT json, as_of FROM documents WHERE kind = ? AND key = ?')
      .get(kind, key);
    return row ? { json: row.json, asOf: row.as_of } : null;
  }

  putDocument(kind: DocumentKind, key: string, json: string, asOf: string): void {
    this.#db
      .prepare('INSERT INTO documents (kind, key, json, as_of) VALUES (?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET json = excluded.json, as_of = excluded.as_of')
      .run(kind, key, json, asOf);
  }

  #writeMeta(key: string, value: string): void {
    this.#db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
