import type Database from 'better-sqlite3-multiple-ciphers';
import { isDamageCode, isSqliteError } from './cache-errors.ts';
import { firstIntegrityProblem, type IntegrityRow } from './open-database.ts';
import type { IntegrityCheckOperations } from './cache-integrity.ts';

type Connection = Database.Database;

/** Runs in the cache's checker worker, on a read-only connection of its own beside the reader. */
export class IntegrityCheck implements IntegrityCheckOperations {
  readonly #db: Connection;

  constructor(db: Connection) {
    this.#db = db;
  }

  integrityCheckTables(): string[] {
    return this.#db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY rootpage").all().map((row) => row.name);
  }

  integrityCheckTable(table: string): string | null {
    try {
      return firstIntegrityProblem(this.#db.pragma(`quick_check(${quoteIdentifier(table)})`, { simple: false }) as IntegrityRow[]);
    } catch (error) {
      // A page that fails its HMAC or does not parse stops quick_check with an error instead of a row.
      if (isSqliteError(error) && isDamageCode(error.code)) return error.message;
      if (!this.#db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) return null;
      throw error;
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
