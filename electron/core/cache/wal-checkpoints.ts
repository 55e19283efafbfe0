import { isConsoleError, type ConsoleError } from '#shared/errors.ts';
import type { WorkerClient } from '../workers/worker-connection.ts';

// The main thread's side of the cache's checkpoints: it imports no SQLite (workers/start-database-worker.ts).

/** What one `PRAGMA wal_checkpoint(PASSIVE)` found. */
export interface WalCheckpointResult {
  /** Frames (pages) in the WAL when it ran: how long the WAL has grown. */
  walFrames: number;
}

/** The checkpointer worker's one operation (wal-checkpointer.ts). */
export interface WalCheckpointOperations {
  checkpointWal(): WalCheckpointResult;
}

export const WAL_CHECKPOINT_OPERATION_NAMES: readonly (keyof WalCheckpointOperations)[] = ['checkpointWal'];

/**
 * How long the WAL may grow (pages, ~64 MiB). A checkpoint copies each page from the WAL into the file,
 * decrypting and encrypting it again, which cost the writer about a third of its time in a first sync
 * (BENCHMARKS, thirteenth round), so the checkpointer does it. But the WAL starts again from its first
 * page only when a write begins with every page already copied, and writes back to back never do while
 * the checkpointer copies beside them: past this length the next write waits for the copy to finish.
 * The writer's own checkpoint starts here too (should the checkpointer be gone), and a longer WAL is cut
 * back to this size when it starts again.
 */
export const WAL_LIMIT_PAGES = 16_384;

export interface WalCheckpoints {
  /** Resolves when a write may begin: at once, unless the WAL has grown past its limit (then once the copy is done). In call order. */
  beforeWrite(): Promise<void>;
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
 * checkpoints and leaves them to the writer's own.
 */
export function checkpointAfterWrites(
  checkpointer: WorkerClient<WalCheckpointOperations>,
  onDamaged: (error: ConsoleError) => void,
  walLimitPages: number = WAL_LIMIT_PAGES,
): WalCheckpoints {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let walFrames = 0;
  let gate: Promise<void> = Promise.resolve();
  const run = async () => {
    do {
      again = false;
      try {
        walFrames = (await checkpointer.checkpointWal()).walFrames;
      } catch (error) {
        if (isConsoleError(error, 'cache-corrupt')) onDamaged(error);
        stopped = true;
      }
    } while (again && !stopped);
    running = null;
  };
  const idle = async () => {
    while (running !== null) await running;
  };
  return {
    beforeWrite() {
      gate = gate.then(() => (walFrames > walLimitPages && !stopped ? idle() : undefined));
      return gate;
    },
    afterWrite() {
      if (stopped) return;
      if (running !== null) again = true;
      else running = run();
    },
    idle,
    async close() {
      stopped = true;
      await running;
      await checkpointer.close();
    },
  };
}
