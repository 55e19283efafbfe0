import { parentPort, workerData } from 'node:worker_threads';
import { toCacheErrorPayload } from '../cache/cache-errors.ts';
import { openCacheDatabase } from '../cache/open-database.ts';
import { serveWorker } from '../workers/serve-worker.ts';
import { DURABLE_SCHEMA } from './durable-migrations.ts';
import { DURABLE_OPERATION_NAMES, type DurableOperations } from './durable-operations.ts';
import { DurableStore } from './durable-store.ts';
import { SavedViewStore } from '../incidents/saved-view-store.ts';
import { joinOwners } from '../workers/join-owners.ts';

/**
 * The durable store's own thread, beside the cache's: a long cache write never delays an audit
 * entry. Every commit waits for the disk (synchronous=FULL): what is written here is not
 * rebuildable from anywhere. Self-contained apart from its imports, so a bundler can ship it as one file.
 */
if (parentPort === null) throw new Error('durable-worker.ts must run as a worker thread.');
const { file, keyHex } = workerData as { file: string; keyHex: string };

await serveWorker(
  parentPort,
  async () => {
    const db = await openCacheDatabase(file, keyHex, { schema: DURABLE_SCHEMA });
    return { db, store: joinOwners<DurableOperations>(DURABLE_OPERATION_NAMES, [new DurableStore(db), new SavedViewStore(db)]) };
  },
  DURABLE_OPERATION_NAMES,
  (error) => toCacheErrorPayload(error, file),
);
