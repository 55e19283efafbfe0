import type Database from 'better-sqlite3-multiple-ciphers';
import { compactIncidentSearch } from './incident-plan-migration.ts';

type Connection = Database.Database;

/** Meta key: the secondary indexes of `incidents` a first sync dropped, as `{name, sql}`, until they are built again. */
export const DEFERRED_INDEXES = 'incident_deferred_indexes';

interface IndexDefinition {
  name: string;
  sql: string;
}

/**
 * A first sync into an empty cache inserts without the secondary indexes of `incidents` and builds them
 * once at its end: sorting a finished table into an index costs a fraction of keeping every index in
 * order row by row. Only non-unique indexes are dropped, so no answer depends on them — a query in the
 * meantime is slower, never different — and the unique `id` stays, so repeated rows are still caught.
 * Their definitions (whatever the migrations made them) go into `meta` in the same transaction that drops
 * them: whatever cuts the sync short — a fault, a closed cache, a crash — whoever builds them next finds
 * them there. Runs inside the caller's transaction.
 */
export function deferIncidentIndexes(db: Connection): void {
  if (deferredIndexes(db) !== null) return;
  const indexes = db
    .prepare<[], IndexDefinition>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents' AND sql IS NOT NULL ORDER BY name`)
    .all()
    .filter((index) => !/^\s*CREATE\s+UNIQUE\b/i.test(index.sql));
  if (indexes.length === 0) return;
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DEFERRED_INDEXES, JSON.stringify(indexes));
  for (const index of indexes) db.exec(`DROP INDEX ${quoted(index.name)}`);
}

/**
 * Builds the indexes a first sync deferred, if any (inside the caller's transaction); true when it built some.
 * The full-text index is compacted with them: a first sync writes it in many segments, and every search
 * check against a many-segment index costs several times more (~1 s per 100k rows, once).
 */
export function buildDeferredIndexes(db: Connection): boolean {
  const deferred = deferredIndexes(db);
  if (deferred === null) return false;
  const existing = new Set(db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index'`).all().map((row) => row.name));
  for (const index of deferred) if (!existing.has(index.name)) db.exec(index.sql);
  compactIncidentSearch(db);
  db.prepare('DELETE FROM meta WHERE key = ?').run(DEFERRED_INDEXES);
  return true;
}

/**
 * For the writer's open, before migrations run: a first sync cut short by a crash left its indexes
 * deferred, and a migration must see the index set the schema says (it may drop or replace one).
 */
export function buildIndexesLeftDeferred(db: Connection): void {
  const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).get() !== undefined;
  if (hasMeta) db.transaction(() => buildDeferredIndexes(db)).immediate();
}

function deferredIndexes(db: Connection): IndexDefinition[] | null {
  const row = db.prepare<[string], { value: string | null }>('SELECT value FROM meta WHERE key = ?').get(DEFERRED_INDEXES);
  return row?.value ? (JSON.parse(row.value) as IndexDefinition[]) : null;
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
