import type Database from 'better-sqlite3-multiple-ciphers';

type Connection = Database.Database;

/** Changes whenever this connection or another one committed: what a per-connection derived value is kept against. */
export function dataVersion(db: Connection): string {
  return `${String(db.pragma('data_version', { simple: true }))}:${String(db.prepare('SELECT total_changes()').pluck().get())}`;
}

/** A value derived from a connection's data, kept per connection until a commit changes the data. */
export class KeptUntilCommit<T> {
  readonly #kept = new WeakMap<Connection, { version: string; value: T }>();
  readonly #derive: (db: Connection) => T;

  constructor(derive: (db: Connection) => T) {
    this.#derive = derive;
  }

  get(db: Connection): T {
    const kept = this.#kept.get(db);
    if (kept?.version === dataVersion(db)) return kept.value;
    const value = this.#derive(db);
    // Read after deriving: a derivation that writes this connection's temporary tables changes the version itself.
    this.#kept.set(db, { version: dataVersion(db), value });
    return value;
  }
}
