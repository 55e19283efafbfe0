import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { ConsoleError } from '#shared/errors.ts';
import { toCacheErrorPayload } from './cache-errors.ts';
import { isCacheOperationName } from './cache-operations.ts';
import type { CacheOperations } from './cache-operations.ts';
import type { CacheRequest, CacheWorkerData, CacheWorkerMessage } from './cache-protocol.ts';
import { CacheStore } from './cache-store.ts';
import { FleetCache } from '../fleet/fleet-cache.ts';
import { openCacheDatabase } from './open-database.ts';

/**
 * The cache's own thread: SQLite calls are synchronous, so they run here and never stall the
 * caller's event loop. Requests are handled strictly in arrival order. Self-contained apart from
 * its imports, so a bundler can ship it as one file.
 */
if (parentPort === null) throw new Error('cache-worker.ts must run as a worker thread.');
const port: MessagePort = parentPort;
const { file, keyHex, existingOnly } = workerData as CacheWorkerData;

function post(message: CacheWorkerMessage): void {
  port.postMessage(message);
}

try {
  const db = await openCacheDatabase(file, keyHex, { existingOnly });
  const store = new CacheStore(db);
  const owners = [store, new FleetCache(db, store)];
  port.on('message', (request: CacheRequest) => {
    if (request.kind === 'close') {
      db.close();
      post({ kind: 'result', id: request.id, value: undefined });
      // Nothing else keeps the thread alive, so it ends once the reply is flushed.
      port.removeAllListeners('message');
      return;
    }
    try {
      post({ kind: 'result', id: request.id, value: run(owners, request.operation, request.args) });
    } catch (error) {
      post({ kind: 'failure', id: request.id, error: toCacheErrorPayload(error, file) });
    }
  });
  post({ kind: 'opened' });
} catch (error) {
  post({ kind: 'open-failed', error: toCacheErrorPayload(error, file) });
}

/** Each operation is a method of exactly one of the owners (the kind-independent store, each kind's tables). */
function run(owners: ReadonlyArray<Partial<CacheOperations>>, operation: unknown, args: unknown[]): unknown {
  if (!isCacheOperationName(operation)) {
    throw new ConsoleError('internal', `The local cache has no operation "${String(operation)}".`);
  }
  const owner = owners.find((candidate) => typeof candidate[operation] === 'function');
  if (!owner) throw new ConsoleError('internal', `The local cache has no operation "${operation}".`);
  const method = owner[operation] as (this: Partial<CacheOperations>, ...parameters: unknown[]) => unknown;
  return method.apply(owner, args);
}
