import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { ConsoleError } from '#shared/errors.ts';
import { toCacheErrorPayload } from './cache-errors.ts';
import { isCacheOperationName } from './cache-operations.ts';
import type { CacheRequest, CacheWorkerData, CacheWorkerMessage } from './cache-protocol.ts';
import { CacheStore } from './fleet-store.ts';
import { openCacheDatabase } from './open-database.ts';
import { IncidentStore, INCIDENT_OPERATIONS } from '../incidents/incident-store.ts';

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
  const incidents = new IncidentStore(db);
  port.on('message', (request: CacheRequest) => {
    if (request.kind === 'close') {
      db.close();
      post({ kind: 'result', id: request.id, value: undefined });
      // Nothing else keeps the thread alive, so it ends once the reply is flushed.
      port.removeAllListeners('message');
      return;
    }
    try {
      post({ kind: 'result', id: request.id, value: run(Object.hasOwn(INCIDENT_OPERATIONS, request.operation) ? incidents : store, request.operation, request.args) });
    } catch (error) {
      post({ kind: 'failure', id: request.id, error: toCacheErrorPayload(error, file) });
    }
  });
  post({ kind: 'opened' });
} catch (error) {
  post({ kind: 'open-failed', error: toCacheErrorPayload(error, file) });
}

function run(store: CacheStore | IncidentStore, operation: unknown, args: unknown[]): unknown {
  if (!isCacheOperationName(operation)) {
    throw new ConsoleError('internal', `The local cache has no operation "${String(operation)}".`);
  }
  const method = (store as unknown as Record<string, unknown>)[operation] as ((...parameters: unknown[]) => unknown) | undefined;
  if (typeof method !== 'function') throw new ConsoleError('internal', `The local cache has no operation "${operation}".`);
  return method.apply(store, args);
}
