import type { CacheOperations } from './cache-operations.ts';
import { CACHE_OPERATION_NAMES, CACHE_READ_OPERATION_NAMES } from './cache-operations.ts';
import type { CacheWorkerData } from './cache-protocol.ts';
import { connectWorker, type WorkerClient } from '../workers/worker-connection.ts';
import { startDatabaseWorker } from '../workers/start-database-worker.ts';

/** The cache's operations as promises, answered by the worker thread; `close` finishes queued calls first. */
export type CacheClient = WorkerClient<CacheOperations>;

export interface OpenCacheOptions {
  file: string;
  /** The raw SQLCipher key, 64 hex digits. */
  keyHex: string;
  /** Electron passes its bundled worker; Node runs the .ts file next to this one. */
  workerUrl?: URL;
  /** Offline unlock: open only an existing cache, writing nothing until its key is proven. */
  existingOnly?: boolean;
}

/**
 * Starts the writer worker, which opens (creating or migrating) the encrypted cache, then the reader
 * beside it; reads go to the reader, so a long write never holds up a list or a detail. Rejects with
 * the writer's ConsoleError: cache-wrong-key, cache-corrupt, cache-newer-version, …
 */
export async function openCache(options: OpenCacheOptions): Promise<CacheClient> {
  const start = (role: CacheWorkerData['role']) => {
    const workerData: CacheWorkerData = { file: options.file, keyHex: options.keyHex, existingOnly: options.existingOnly ?? false, role };
    return startDatabaseWorker(options.workerUrl ?? new URL('./cache-worker.ts', import.meta.url), workerData);
  };
  const writer = await connectWorker<CacheOperations>(start('writer'), CACHE_OPERATION_NAMES, { name: 'The local cache' });
  let reader: WorkerClient<CacheOperations>;
  try {
    reader = await connectWorker<CacheOperations>(start('reader'), CACHE_READ_OPERATION_NAMES, { name: 'The local cache' });
  } catch (error) {
    await writer.close();
    throw error;
  }
  const reads = Object.fromEntries(CACHE_READ_OPERATION_NAMES.map((name) => [name, reader[name]]));
  return {
    ...writer,
    ...reads,
    async close() {
      // Reads still queued are answered first; the writer closes last so its checkpoint sees no reader.
      await reader.close();
      await writer.close();
    },
  };
}
