import { Worker } from 'node:worker_threads';
import type { CacheOperations } from './cache-operations.ts';
import { CACHE_OPERATION_NAMES } from './cache-operations.ts';
import type { CacheWorkerData } from './cache-protocol.ts';
import { connectWorker, type WorkerClient } from '../workers/worker-connection.ts';

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
 * Starts a worker that opens (creating or migrating) the encrypted cache. Rejects with the
 * worker's ConsoleError: cache-wrong-key, cache-corrupt, cache-newer-version, …
 */
export function openCache(options: OpenCacheOptions): Promise<CacheClient> {
  const workerData: CacheWorkerData = { file: options.file, keyHex: options.keyHex, existingOnly: options.existingOnly ?? false };
  const worker = new Worker(options.workerUrl ?? new URL('./cache-worker.ts', import.meta.url), { workerData });
  return connectWorker<CacheOperations>(worker, CACHE_OPERATION_NAMES, { name: 'The local cache' });
}
