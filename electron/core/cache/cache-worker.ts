import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3-multiple-ciphers';
import { toCacheErrorPayload } from './cache-errors.ts';
import { CACHE_OPERATION_NAMES, CACHE_READ_OPERATION_NAMES, type CacheOperations } from './cache-operations.ts';
import type { CacheWorkerData } from './cache-protocol.ts';
import { CacheStore } from './cache-store.ts';
import { FleetCache } from '../fleet/fleet-cache.ts';
import { openCacheChecker, openCacheCheckpointer, openCacheDatabase, openCacheReader } from './open-database.ts';
import { WAL_CHECKPOINT_OPERATION_NAMES, WAL_LIMIT_PAGES, type WalCheckpointOperations } from './wal-checkpoints.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
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
 * (read-only, answers list and detail reads), and the checkpointer (copies commits from the WAL into the
 * file, so the writer does not); another, the checker, runs the whole-file check when it is due and then
 * ends. Each handles its requests strictly in arrival order.
 * Self-contained apart from its imports, so a bundler can ship it as one file.
 */
if (parentPort === null) throw new Error('cache-worker.ts must run as a worker thread.');
const { file, keyHex, existingOnly, role } = workerData as CacheWorkerData;
type Connection = Database.Database;

const port = parentPort;
if (role === 'checker') await serveOneStore<IntegrityCheckOperations>(() => openCacheChecker(file, keyHex), (db) => new IntegrityCheck(db), INTEGRITY_CHECK_OPERATION_NAMES);
else if (role === 'checkpointer') await serveOneStore<WalCheckpointOperations>(() => openCacheCheckpointer(file, keyHex), (db) => new WalCheckpointer(db), WAL_CHECKPOINT_OPERATION_NAMES);
else await serveCache();

/** A worker whose connection has a single store: the checker's, the checkpointer's. */
async function serveOneStore<Store extends object>(open: () => Connection, makeStore: (db: Connection) => Store, names: readonly (keyof Store & string)[]): Promise<void> {
  await serveWorker<Store>(
    port,
    async () => {
      const db = open();
      return { db, store: makeStore(db) };
    },
    names,
    (error) => toCacheErrorPayload(error, file),
  );
}

async function serveCache(): Promise<void> {
  await serveWorker(
    port,
    async () => {
      const db = role === 'reader' ? openCacheReader(file, keyHex) : await openCacheDatabase(file, keyHex, { existingOnly });
      // The checkpointer beside it copies each commit into the file; the writer checkpoints only if that falls behind.
      if (role === 'writer') {
        db.pragma(`wal_autocheckpoint=${WAL_LIMIT_PAGES}`);
        db.pragma(`journal_size_limit=${WAL_LIMIT_PAGES * (db.pragma('page_size', { simple: true }) as number)}`);
      }
      const store = new CacheStore(db);
      const owners = [store, new FleetCache(db, store), new IncidentStore(db), new IncidentList(db), new IncidentFacets(db), new IncidentHistograms(db)];
      return { db, store: joinOwners<CacheOperations>(CACHE_OPERATION_NAMES, owners) };
    },
    role === 'reader' ? CACHE_READ_OPERATION_NAMES : CACHE_OPERATION_NAMES,
    (error) => toCacheErrorPayload(error, file),
  );
}
