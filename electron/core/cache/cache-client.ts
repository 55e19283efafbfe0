import { isConsoleError, type ConsoleError } from '#shared/errors.ts';
import type { CacheOperations } from './cache-operations.ts';
import { CACHE_OPERATION_NAMES, CACHE_READ_OPERATION_NAMES } from './cache-operations.ts';
import type { CacheWorkerData } from './cache-protocol.ts';
import { INTEGRITY_CHECKED_AT, INTEGRITY_CHECK_OPERATION_NAMES, checkEveryTable, integrityCheckDue, type IntegrityCheckOperations, type IntegrityVerdict } from './cache-integrity.ts';
import { WAL_CHECKPOINT_OPERATION_NAMES, checkpointAfterWrites, type WalCheckpointOperations, type WalCheckpoints } from './wal-checkpoints.ts';
import { connectWorker, type WorkerClient } from '../workers/worker-connection.ts';
import { startDatabaseWorker } from '../workers/start-database-worker.ts';

/** The cache's operations as promises, answered by the worker threads; `close` finishes queued calls first. */
export type CacheClient = WorkerClient<CacheOperations> & {
  /** How the whole-file check after this open ended (cache-integrity.ts); damage is also reported to `onDamaged`. */
  readonly integrityCheck: Promise<IntegrityVerdict>;
  /** Resolves once every commit so far is copied from the WAL into the file, as far as readers allow (wal-checkpoints.ts). */
  checkpointsIdle(): Promise<void>;
};

export interface OpenCacheOptions {
  file: string;
  /** The raw SQLCipher key, 64 hex digits. */
  keyHex: string;
  /** Electron passes its bundled worker; Node runs the .ts file next to this one. */
  workerUrl?: URL;
  /** Offline unlock: open only an existing cache, writing nothing until its key is proven. */
  existingOnly?: boolean;
  /**
   * Damage found after the open: by the whole-file check, or by any operation that met a page that
   * does not decrypt, verify or parse. Called once per open; the failing operation still rejects.
   */
  onDamaged?: (error: ConsoleError) => void;
  /** The clock the once-a-day check is due by (tests move it). */
  now?: () => Date;
  /** How long the WAL may grow before a write waits for its checkpoint (wal-checkpoints.ts); tests lower it. */
  walLimitPages?: number;
}

/**
 * Starts the writer worker, which opens (creating or migrating) the encrypted cache, then the reader
 * and the checkpointer beside it; reads go to the reader, so a long write never holds up a list or a
 * detail, and each write's commit is copied into the file by the checkpointer, so no write waits for
 * that. Rejects with the writer's ConsoleError: cache-wrong-key, cache-corrupt, cache-newer-version, …
 * The open proves the key and the schema only; the whole-file check, when due, runs afterwards in
 * another worker.
 */
export async function openCache(options: OpenCacheOptions): Promise<CacheClient> {
  const start = (role: CacheWorkerData['role']) => {
    const workerData: CacheWorkerData = { file: options.file, keyHex: options.keyHex, existingOnly: options.existingOnly ?? false, role };
    return startDatabaseWorker(options.workerUrl ?? new URL('./cache-worker.ts', import.meta.url), workerData);
  };
  const writer = await connectWorker<CacheOperations>(start('writer'), CACHE_OPERATION_NAMES, { name: 'The local cache' });
  let reader: WorkerClient<CacheOperations>;
  let checkpointer: WorkerClient<WalCheckpointOperations>;
  try {
    reader = await connectWorker<CacheOperations>(start('reader'), CACHE_READ_OPERATION_NAMES, { name: 'The local cache' });
  } catch (error) {
    await writer.close();
    throw error;
  }
  try {
    checkpointer = await connectWorker<WalCheckpointOperations>(start('checkpointer'), WAL_CHECKPOINT_OPERATION_NAMES, { name: 'The local cache' });
  } catch (error) {
    await reader.close();
    await writer.close();
    throw error;
  }

  let damageReported = false;
  const reportDamage = (error: ConsoleError) => {
    if (damageReported) return;
    damageReported = true;
    options.onDamaged?.(error);
  };
  const checkpoints: WalCheckpoints = checkpointAfterWrites(checkpointer, reportDamage, options.walLimitPages);
  const call = <Name extends keyof CacheOperations>(client: WorkerClient<CacheOperations>, name: Name, args: unknown[]) =>
    (client[name] as (...parameters: unknown[]) => Promise<unknown>)(...args);
  const write = async <Name extends keyof CacheOperations>(name: Name, args: unknown[]) => {
    await checkpoints.beforeWrite();
    const value = await call(writer, name, args);
    checkpoints.afterWrite();
    return value;
  };
  // A read or write that meets a damaged page fails as cache-corrupt (cache-errors.ts): that starts the recovery too.
  const watched = <Name extends keyof CacheOperations>(client: WorkerClient<CacheOperations>, name: Name) =>
    ((...args: unknown[]) =>
      (client === writer ? write(name, args) : call(client, name, args)).catch((error: unknown) => {
        if (isConsoleError(error, 'cache-corrupt')) reportDamage(error);
        throw error;
      })) as WorkerClient<CacheOperations>[Name];
  const operations = Object.fromEntries(
    CACHE_OPERATION_NAMES.map((name) => [name, watched(CACHE_READ_OPERATION_NAMES.includes(name) ? reader : writer, name)]),
  ) as WorkerClient<CacheOperations>;

  let closing = false;
  const integrityCheck = checkAfterOpen({
    lastCheckedAt: () => reader.getMeta(INTEGRITY_CHECKED_AT),
    startChecker: () => connectWorker<IntegrityCheckOperations>(start('checker'), INTEGRITY_CHECK_OPERATION_NAMES, { name: 'The local cache check' }),
    file: options.file,
    stopped: () => closing,
    recordClean: (checkedAt) => writer.setMeta(INTEGRITY_CHECKED_AT, checkedAt),
    now: options.now ?? (() => new Date()),
  }).then((verdict) => {
    if (verdict.kind === 'damaged') reportDamage(verdict.error);
    return verdict;
  });
  return {
    ...operations,
    integrityCheck,
    checkpointsIdle: () => checkpoints.idle(),
    async close() {
      // The check stops after the table it is on; reads still queued are answered first; the writer
      // closes last so its own final checkpoint sees no other connection.
      closing = true;
      await integrityCheck;
      await checkpoints.close();
      await reader.close();
      await writer.close();
    },
  };
}

interface CheckAfterOpen {
  lastCheckedAt(): Promise<string | null>;
  startChecker(): Promise<WorkerClient<IntegrityCheckOperations>>;
  file: string;
  stopped(): boolean;
  recordClean(checkedAt: string): Promise<void>;
  now(): Date;
}

/** The whole-file check, when due, in its own worker; never rejects: every outcome is a verdict. */
async function checkAfterOpen(check: CheckAfterOpen): Promise<IntegrityVerdict> {
  try {
    const lastCheckedAt = await check.lastCheckedAt();
    if (lastCheckedAt !== null && !integrityCheckDue(lastCheckedAt, check.now())) return { kind: 'not-due', lastCheckedAt };
    const checker = await check.startChecker();
    try {
      const outcome = await checkEveryTable(checker, check.file, check.stopped);
      if (outcome === 'stopped') return { kind: 'stopped' };
      if (outcome !== 'clean') return { kind: 'damaged', error: outcome };
    } finally {
      await checker.close();
    }
    const checkedAt = check.now().toISOString();
    await check.recordClean(checkedAt);
    return { kind: 'clean', checkedAt };
  } catch (error) {
    // The check's own worker could not read the file: that is damage, like any other read.
    if (isConsoleError(error, 'cache-corrupt')) return { kind: 'damaged', error };
    if (check.stopped()) return { kind: 'stopped' };
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
