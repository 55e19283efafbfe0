import type Database from 'better-sqlite3-multiple-ciphers';

type Connection = Database.Database;

/**
 * Statements a connection keeps prepared, by their SQL text; the least recently used go first. A list
 * page runs about seven statements, and preparing them again cost ~0.3 ms of its ~1 ms at 100k
 * (docs/BENCHMARKS.md); searches make many texts, hence the bound.
 */
const KEPT_PER_CONNECTION = 256;

const kept = new WeakMap<Connection, Map<string, Database.Statement>>();

/**
 * `db.prepare(sql)`, kept for the next call with the same text. A query comes back with `pluck` off, as
 * a fresh one would; a statement still iterating (`.iterate()` not finished) is not handed out twice: a
 * fresh one takes its place. SQLite re-prepares a kept statement itself after a schema change.
 */
export function prepared<BindParameters extends unknown[] | object = unknown[], Result = unknown>(db: Connection, sql: string): Database.Statement<BindParameters, Result> {
  let statements = kept.get(db);
  if (statements === undefined) {
    statements = new Map();
    kept.set(db, statements);
  }
  let statement = statements.get(sql) as Database.Statement<BindParameters, Result> | undefined;
  // Map order is insertion order: taking it out and putting it back marks it the most recent.
  statements.delete(sql);
  if (statement === undefined || statement.busy) statement = db.prepare<BindParameters, Result>(sql);
  else if (statement.reader) statement.pluck(false);
  statements.set(sql, statement as Database.Statement);
  if (statements.size > KEPT_PER_CONNECTION) statements.delete(statements.keys().next().value!);
  return statement;
}
