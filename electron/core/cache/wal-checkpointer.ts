import type Database from 'better-sqlite3-multiple-ciphers';
import type { WalCheckpointOperations, WalCheckpointResult } from './wal-checkpoints.ts';

/** The checkpointer worker's store: its connection only ever checkpoints (wal-checkpoints.ts). */
export class WalCheckpointer implements WalCheckpointOperations {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  checkpointWal(): WalCheckpointResult {
    // `log` is -1 when the connection is not in WAL mode (its open refuses that).
    const [row] = this.#db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
    return { walFrames: Math.max(0, row?.log ?? 0) };
  }
}
