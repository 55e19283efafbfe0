/** Handed to the worker at start. The key travels only here; neither side ever logs it. */
export interface CacheWorkerData {
  file: string;
  keyHex: string;
  /** Open only a cache that exists, proving the key before anything is written (open-database.ts). */
  existingOnly: boolean;
  /**
   * The writer opens (creates, migrates) the cache; the reader then opens it read-only beside it; the
   * checker, when the whole-file check is due, reads every table once beside both (cache-integrity.ts);
   * the checkpointer copies the writer's commits from the WAL into the file (wal-checkpoints.ts).
   */
  role: 'writer' | 'reader' | 'checker' | 'checkpointer';
}
