import { isConsoleError, type ConsoleError } from '#shared/errors.ts';
import type { WorkerClient } from '../workers/worker-connection.ts';

// The main thread's side of the cache's checkpoints: it imports no SQLite (workers/start-database-worker.ts).

/** What one `PRAGMA wal_checkpoint(PASSIVE)` did, in WAL frames (pages). */
export interface WalCheckpointResult {
  /** Frames in the WAL when it ran. */
  walFrames: number;
  /** Of those, how many are now copied into the database file. */
  checkpointedFrames: number;
}

/** The checkpointer worker's one operation (wal-checkpointer.ts). */
export interface WalCheckpointOperations {
  checkpointWal(): WalCheckpointResult;
}

export const WAL_CHECKPOINT_OPERATION_NAMES: readonly (keyof WalCheckpointOperations)[] = ['checkpointWal'];

/**
 * The writer's own checkpoint, only if the checkpointer falls behind or is gone (WAL frames, ~64 MiB):
 * a checkpoint copies each page from the WAL into the file, decrypting and encrypting it again, which
 * cost the writer about a third of its time in a first sync (BENCHMARKS, thirteenth round).
 */
export const WRITER_BACKSTOP_CHECKPOINT_PAGES = 16_384;

export interface WalCheckpoints {
  /** A write committed: copy it into the file soon. Calls while one runs are folded into one more. */
  afterWrite(): void;
  /** Resolves once no checkpoint runs or is waiting. */
  idle(): Promise<void>;
  /** Stops taking requests, waits for the running one and ends the checkpointer. */
  close(): Promise<void>;
}

/**
 * Runs the cache's checkpoints on their own thread, one at a time, after writes, so a commit never waits
 * for one and the copying uses the other core. PASSIVE: it never blocks the writer or a reader, and
 * copies what no reader still needs. A failure that is damage is reported; any other ends these
 * checkpoints and leaves them to the writer's backstop.
 */
export function checkpointAfterWrites(checkpointer: WorkerClient<WalCheckpointOperations>, onDamaged: (error: ConsoleError) => void): WalCheckpoints {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = async () => {
    do {
      again = false;
      try {
        await checkpointer.checkpointWal();
      } catch (error) {
        if (isConsoleError(error, 'cache-corrupt')) onDamaged(error);
        stopped = true;
      }
    } while (again && !stopped);
    running = null;
  };
  return {
    afterWrite() {
      if (stopped) return;
      if (running !== null) again = true;
      else running = run();
    },
    async idle() {
      while (running !== null) await running;
    },
    async close() {
      stopped = true;
      await running;
      await checkpointer.close();
    },
  };
}
