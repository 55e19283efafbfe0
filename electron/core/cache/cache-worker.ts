import { parentPort, workerData } from 'node:worker_threads';
import { toCacheErrorPayload } from './cache-errors.ts';
import { CACHE_OPERATION_NAMES, CACHE_READ_OPERATION_NAMES, type CacheOperationName, type CacheOperations } from './cache-operations.ts';
import type { CacheWorkerData } from './cache-protocol.ts';
import { CacheStore } from './cache-store.ts';
import { FleetCache } from '../fleet/fleet-cache.ts';
import { openCacheDatabase, openCacheReader } from './open-database.ts';
import { serveWorker } from '../workers/serve-worker.ts';
import { IncidentStore } from '../incidents/incident-store.ts';

/**
 * The cache's own thread: SQLite calls are synchronous, so they run here and never stall the
 * caller's event loop. Each cache has two: the writer (opens, migrates, writes) and the reader
 * (read-only, answers list and detail reads). Each handles its requests strictly in arrival order.
 * Self-contained apart from its imports, so a bundler can ship it as one file.
 */
if (parentPort === null) throw new Error('cache-worker.ts must run as a worker thread.');
const { file, keyHex, existingOnly, role } = workerData as CacheWorkerData;

/** Each operation is a method of exactly one owner (the kind-independent store, each kind's tables). */
function joinOwners(owners: ReadonlyArray<Partial<CacheOperations>>): CacheOperations {
  const joined: Partial<Record<CacheOperationName, unknown>> = {};
  for (const name of CACHE_OPERATION_NAMES) {
    const owner = owners.find((candidate) => typeof candidate[name] === 'function');
    if (owner) joined[name] = (owner[name] as (...args: unknown[]) => unknown).bind(owner);
  }
  return joined as CacheOperations;
}

await serveWorker(
  parentPort,
  async () => {
    const db = role === 'reader' ? openCacheReader(file, keyHex) : await openCacheDatabase(file, keyHex, { existingOnly });
    const store = new CacheStore(db);
    return { db, store: joinOwners([store, new FleetCache(db, store), new IncidentStore(db)]) };
  },
  role === 'reader' ? CACHE_READ_OPERATION_NAMES : CACHE_OPERATION_NAMES,
  (error) => toCacheErrorPayload(error, file),
);
