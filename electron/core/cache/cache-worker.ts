import { parentPort, workerData } from 'node:worker_threads';
import { toCacheErrorPayload } from './cache-errors.ts';
import { CACHE_OPERATION_NAMES, CACHE_READ_OPERATION_NAMES } from './cache-operations.ts';
import type { CacheWorkerData } from './cache-protocol.ts';
import { CacheStore } from './fleet-store.ts';
import { openCacheDatabase, openCacheReader } from './open-database.ts';
import { serveWorker } from '../workers/serve-worker.ts';

/**
 * The cache's own thread: SQLite calls are synchronous, so they run here and never stall the
 * caller's event loop. Each cache has two: the writer (opens, migrates, writes) and the reader
 * (read-only, answers list and detail reads). Each handles its requests strictly in arrival order.
 * Self-contained apart from its imports, so a bundler can ship it as one file.
 */
if (parentPort === null) throw new Error('cache-worker.ts must run as a worker thread.');
const { file, keyHex, existingOnly, role } = workerData as CacheWorkerData;

await serveWorker(
  parentPort,
  async () => {
    const db = role === 'reader' ? openCacheReader(file, keyHex) : await openCacheDatabase(file, keyHex, { existingOnly });
    return { db, store: new CacheStore(db) };
  },
  role === 'reader' ? CACHE_READ_OPERATION_NAMES : CACHE_OPERATION_NAMES,
  (error) => toCacheErrorPayload(error, file),
);
