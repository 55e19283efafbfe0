import type { MessagePort } from 'node:worker_threads';
import { ConsoleError } from '#shared/errors.ts';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { WorkerMessage, WorkerRequest } from './worker-connection.ts';

export interface ServedDatabase {
  close(): void;
}

/**
 * The worker's side: opens the database, then answers each request strictly in arrival order with
 * the store's synchronous method of that name. Failures go back as payloads (`toPayload`).
 */
export async function serveWorker<Store extends object>(
  port: MessagePort,
  open: () => Promise<{ db: ServedDatabase; store: Store }>,
  operationNames: readonly (keyof Store & string)[],
  toPayload: (error: unknown) => ConsoleErrorPayload,
): Promise<void> {
  const post = (message: WorkerMessage) => port.postMessage(message);
  let opened: { db: ServedDatabase; store: Store };
  try {
    opened = await open();
  } catch (error) {
    post({ kind: 'open-failed', error: toPayload(error) });
    return;
  }
  const { db, store } = opened;
  const known = new Set<string>(operationNames);
  port.on('message', (request: WorkerRequest) => {
    if (request.kind === 'close') {
      db.close();
      post({ kind: 'result', id: request.id, value: undefined });
      // The port is what keeps the thread alive (removing its listener does not unref it): unref'd, the
      // thread ends by itself, its reply already queued on the other side (worker-connection.ts, EXIT_GRACE_MS).
      port.removeAllListeners('message');
      port.unref();
      return;
    }
    try {
      if (!known.has(request.operation)) throw new ConsoleError('internal', `The store has no operation "${String(request.operation)}".`);
      const method = store[request.operation as keyof Store] as (...parameters: unknown[]) => unknown;
      post({ kind: 'result', id: request.id, value: method.apply(store, request.args) });
    } catch (error) {
      post({ kind: 'failure', id: request.id, error: toPayload(error) });
    }
  });
  post({ kind: 'opened' });
}
