import { writeFile } from 'node:fs/promises';
import Database from 'better-sqlite3-multiple-ciphers';
import { ConsoleError } from '#shared/errors.ts';
import { isDamageCode, isSqliteError } from './cache-errors.ts';
import { corruptCacheError, wrongKeyError } from './cache-problems.ts';
import { INTEGRITY_CHECKED_AT } from './cache-integrity.ts';
import { hasDatabaseContent, removeCacheFiles } from './cache-files.ts';
import { keyCheckMatches, readKeyCheck, writeKeyCheck } from './key-check.ts';
import { buildIndexesLeftDeferred } from '../incidents/incident-deferred-indexes.ts';
import { MIGRATIONS, applyMigrations, assertKnownSchemaVersion, type Migration } from './migrations.ts';

type Connection = Database.Database;

const RAW_KEY_HEX = /^[0-9a-fA-F]{64}$/;

/** What differs between the encrypted stores that open this way: their migrations and how hard a commit waits for the disk. */
export interface DatabaseSchema {
  migrations: readonly Migration[];
  synchronous: 'NORMAL' | 'FULL';
  /** Brings an existing file back to what its schema version says before migrations run (a write the last session left half done). */
  beforeMigrations?: (db: Connection) => void;
  /**
   * `at-open`: every page is checked before the open returns (the durable store: small, and what it
   * holds cannot be rebuilt, so nothing is written into a damaged one). `after-open`: the open proves
   * the key and the schema only; the whole-file check runs afterwards (cache-integrity.ts).
   */
  wholeFileCheck: 'at-open' | 'after-open';
}

/**
 * The cache can be rebuilt from Central Command, so a commit lost in a power cut costs a sync: NORMAL.
 * A first sync cut short by a crash left its incident indexes deferred: built on the next open.
 */
const CACHE_SCHEMA: DatabaseSchema = { migrations: MIGRATIONS, synchronous: 'NORMAL', beforeMigrations: buildIndexesLeftDeferred, wholeFileCheck: 'after-open' };

/**
 * Opens (or creates) the encrypted cache and brings its schema up to date.
 *
 * How a failure is named:
 * - key check sidecar present and different → cache-wrong-key, the database is not even opened;
 * - key check matches, but pages do not decrypt/verify/parse → cache-corrupt;
 * - no sidecar (deleted, or a cache from before it existed) and the first page does not decrypt →
 *   cache-wrong-key: a replaced keychain entry is far likelier than a damaged first page, and the
 *   recovery (move aside, sync afresh) is the same either way. Deeper damage is still cache-corrupt.
 *   When such a cache opens fine, the sidecar is written again.
 * - schema newer than this build → cache-newer-version, checked before anything is written.
 *
 * What the open reads to trust the file: page 1, sqlite_master, the migration and meta rows. SQLCipher
 * verifies each page's HMAC as it is read, so those pages are proven; damage deeper in the file is
 * found by the whole-file check after the open (cache-integrity.ts), or by the first read that meets
 * it, and either ends in the same recovery as damage found here (cache-client.ts `onDamaged`).
 *
 * With `existingOnly` (the offline unlock, where the key is not yet proven) nothing is created and
 * nothing is written before the key is proven: no file or an empty one is cache-missing, a missing
 * key check is cache-wrong-key, and a first page that does not decrypt is cache-corrupt.
 */
export async function openCacheDatabase(file: string, keyHex: string, { existingOnly = false, schema = CACHE_SCHEMA }: { existingOnly?: boolean; schema?: DatabaseSchema } = {}): Promise<Connection> {
  if (!RAW_KEY_HEX.test(keyHex)) {
    // Never echo the value: it may be a key that is merely malformed.
    throw new ConsoleError('invalid-input', 'The cache key must be 32 bytes written as 64 hex digits.');
  }
  if (!(await hasDatabaseContent(file))) {
    if (existingOnly) throw new ConsoleError('cache-missing', 'There is no local cache on this computer to open.', { path: file });
    return createCache(file, keyHex, schema);
  }

  const storedKeyCheck = await readKeyCheck(file);
  if (storedKeyCheck !== null && !keyCheckMatches(storedKeyCheck, keyHex)) {
    throw wrongKeyError(file, 'key check mismatch');
  }
  if (storedKeyCheck === null && existingOnly) throw wrongKeyError(file, 'no key check to prove the key');

  const db = connect(file, keyHex);
  try {
    proveReadable(db, file, storedKeyCheck !== null, schema.wholeFileCheck);
    assertKnownSchemaVersion(db, schema.migrations);
    configure(db, schema);
    schema.beforeMigrations?.(db);
    applyMigrations(db, schema.migrations);
    if (storedKeyCheck === null) await writeKeyCheck(file, keyHex);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

async function createCache(file: string, keyHex: string, schema: DatabaseSchema): Promise<Connection> {
  // A WAL or key check without its database is left over from a cache that is gone; a stale WAL
  // would otherwise be replayed into the new file.
  await removeCacheFiles(file);
  // Key check first: a crash before the database exists leaves a harmless sidecar, never a
  // database without one.
  await writeKeyCheck(file, keyHex);
  // SQLite gives the -wal and -shm files the database's permissions: owner only, from the start.
  await writeFile(file, '', { mode: 0o600 });
  const db = connect(file, keyHex);
  try {
    configure(db, schema);
    applyMigrations(db, schema.migrations);
    // Just written and empty: as sound as a check would find it, so the next opens within a day do not check it.
    if (schema.wholeFileCheck === 'after-open') {
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(INTEGRITY_CHECKED_AT, new Date().toISOString());
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}


/**
 * A second, read-only connection to a cache the writer has already opened (and so proven and
 * migrated). It reads the WAL the writer keeps, so a read sees the last commit even while a write
 * transaction runs.
 */
export function openCacheReader(file: string, keyHex: string): Connection {
  return openBesideWriter(file, keyHex, { readonly: true }, (db) => {
    // Every page read from the file is decrypted and verified: keeping 64 MiB of them lets a repeated or
    // refined incident query (facets over 10,000 matches, a page of a common search) skip that.
    db.pragma('cache_size=-65536');
    assertWal(db, 'so it cannot be read beside a write');
  });
}

/**
 * The checkpointer's connection (wal-checkpoints.ts) to a cache the writer has opened: read-write, since a
 * checkpoint writes the database file, but it runs nothing else.
 */
export function openCacheCheckpointer(file: string, keyHex: string): Connection {
  return openBesideWriter(file, keyHex, { readonly: false }, (db) => {
    assertWal(db, 'so it has no log to checkpoint');
    db.pragma(`synchronous=${CACHE_SCHEMA.synchronous}`);
  });
}

/**
 * The whole-file check's read-only connection. The default small page cache: it reads every page once,
 * and keeping them would only take memory from the reader.
 */
export function openCacheChecker(file: string, keyHex: string): Connection {
  return openBesideWriter(file, keyHex, { readonly: true }, () => undefined);
}

/** Another connection to a file the writer has opened (so created, proven and migrated): it never creates one. */
function openBesideWriter(file: string, keyHex: string, { readonly }: { readonly: boolean }, configure: (db: Connection) => void): Connection {
  if (!RAW_KEY_HEX.test(keyHex)) throw new ConsoleError('invalid-input', 'The cache key must be 32 bytes written as 64 hex digits.');
  const db = connect(file, keyHex, { readonly, mustExist: true });
  try {
    db.pragma('temp_store=MEMORY');
    configure(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function assertWal(db: Connection, consequence: string): void {
  const mode = db.pragma('journal_mode', { simple: true });
  if (mode !== 'wal') throw new ConsoleError('internal', `The local cache is not in WAL mode (got ${String(mode)}), ${consequence}.`);
}

/** The cipher settings, in one place; tests open odd files through it too (test-support/cache-fixtures.ts). */
export function connect(file: string, keyHex: string, { readonly = false, mustExist = readonly }: { readonly?: boolean; mustExist?: boolean } = {}): Connection {
  const db = new Database(file, { readonly, fileMustExist: mustExist });
  try {
    db.pragma(`cipher='sqlcipher'`);
    // Pinned to the SQLCipher 4 format, so a library upgrade with other defaults still reads it.
    db.pragma('legacy=4');
    // x'…' hands SQLCipher the raw 256-bit key and skips the passphrase KDF.
    db.pragma(`key="x'${keyHex}'"`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Reads what the open needs (page 1, sqlite_master, the migration and meta rows), so a wrong key or
 * damage there is named before anything is written; with `at-open`, every other page too.
 */
function proveReadable(db: Connection, file: string, keyCheckConfirmed: boolean, wholeFileCheck: DatabaseSchema['wholeFileCheck']): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    // Small tables, read whole: every row, so every page (overflow pages too) is decrypted and verified.
    const present = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'meta')").all();
    for (const { name } of present) db.prepare(`SELECT * FROM "${name}"`).all();
    if (wholeFileCheck === 'at-open') {
      const problem = firstIntegrityProblem(db.pragma('quick_check', { simple: false }) as IntegrityRow[]);
      if (problem !== null) throw corruptCacheError(file, `integrity check: ${problem}`);
    }
  } catch (error) {
    if (!isSqliteError(error) || !isDamageCode(error.code)) throw error;
    if (error.code === 'SQLITE_NOTADB' && !keyCheckConfirmed) {
      throw wrongKeyError(file, 'first page does not decrypt and there is no key check');
    }
    throw corruptCacheError(file, error.message);
  }
}

export type IntegrityRow = { quick_check: string };

/** quick_check's first problem, or null for "ok". A damaged b-tree can come back as one row of many lines under a "*** in database main ***" head. */
export function firstIntegrityProblem(rows: readonly IntegrityRow[]): string | null {
  const first = (rows[0]?.quick_check ?? 'no result').split('\n').find((line) => line.trim() !== '' && !line.startsWith('***')) ?? 'no result';
  return rows.length === 1 && first === 'ok' ? null : first;
}

function configure(db: Connection, schema: DatabaseSchema): void {
  const mode = db.pragma('journal_mode=WAL', { simple: true });
  if (mode !== 'wal') throw new ConsoleError('internal', `The local cache could not switch to WAL mode (got ${String(mode)}).`);
  // Temporary tables and sort spills stay in memory: SQLCipher does not encrypt temp files.
  db.pragma('temp_store=MEMORY');
  db.pragma(`synchronous=${schema.synchronous}`);
}
