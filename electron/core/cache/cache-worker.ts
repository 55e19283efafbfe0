import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { toCacheErrorPayload } from './cache-errors.ts';
import { CACHE_OPERATION_NAMES, CACHE_READ_OPERATION_NAMES, type CacheOperations } from './cache-operations.ts';
import type { CacheWorkerData } from './cache-protocol.ts';
import { CacheStore } from './cache-store.ts';
import { FleetCache } from '../fleet/fleet-cache.ts';
import { openCacheChecker, openCacheDatabase, openCacheReader } from './open-database.ts';
import { IntegrityCheck } from './integrity-check.ts';
import { INTEGRITY_CHECK_OPERATION_NAMES, type IntegrityCheckOperations } from './cache-integrity.ts';
import { serveWorker } from '../workers/serve-worker.ts';
import { IncidentStore } from '../incidents/incident-store.ts';
import { IncidentList } from '../incidents/incident-list.ts';
import { IncidentFacets } from '../incidents/incident-facets.ts';
import { IncidentHistograms } from '../incidents/incident-histogram.ts';
import { joinOwners } from '../workers/join-owners.ts';

/**
 * The cache's own thread: SQLite calls are synchronous, so they run here and never stall the
 * caller's event loop. Each cache has two: the writer (opens, migrates, writes) and the reader
 * (read-only, answers list and detail reads); a third, the checker, runs the whole-file check when it
 * is due and then ends. Each handles its requests strictly in arrival order.
 * Self-contained apart from its imports, so a bundler can ship it as one file.
 */
if (parentPort === null) throw new Error('cache-worker.ts must run as a worker thread.');
const { file, keyHex, existingOnly, role } = workerData as CacheWorkerData;

if (role === 'checker') {
  await serveWorker<IntegrityCheckOperations>(
    parentPort,
    async () => {
      const db = openCacheChecker(file, keyHex);
      return { db, store: new IntegrityCheck(db) };
    },
    INTEGRITY_CHECK_OPERATION_NAMES,
    (error) => toCacheErrorPayload(error, file),
  );
} else {
  await serveCache(parentPort);
}

async function serveCache(port: MessagePort): Promise<void> {
  await serveWorker(
    port,
    async () => {
      const db = role === 'reader' ? openCacheReader(file, keyHex) : await openCacheDatabase(file, keyHex, { existingOnly });
      const store = new CacheStore(db);
      const owners = [store, new FleetCache(db, store), new IncidentStore(db), new IncidentList(db), new IncidentFacets(db), new IncidentHistograms(db)];
      return { db, store: joinOwners<CacheOperations>(CACHE_OPERATION_NAMES, owners) };
    },
    role === 'reader' ? CACHE_READ_OPERATION_NAMES : CACHE_OPERATION_NAMES,
    (error) => toCacheErrorPayload(error, file),
  );
}
