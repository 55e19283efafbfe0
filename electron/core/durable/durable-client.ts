import { connectWorker, type WorkerClient } from '../workers/worker-connection.ts';
import { startDatabaseWorker } from '../workers/start-database-worker.ts';
import { DURABLE_OPERATION_NAMES, type DurableOperations } from './durable-operations.ts';

export type DurableClient = WorkerClient<DurableOperations>;

export interface OpenDurableStoreOptions {
  file: string;
  /** The raw SQLCipher key, 64 hex digits (durable-key.ts). */
  keyHex: string;
  /** Electron passes its bundled worker; Node runs the .ts file next to this one. */
  workerUrl?: URL;
}

/** Starts the durable store's worker; rejects with cache-wrong-key, cache-corrupt, cache-newer-version … as the cache does. */
export function openDurableStore(options: OpenDurableStoreOptions): Promise<DurableClient> {
  const worker = startDatabaseWorker(options.workerUrl ?? new URL('./durable-worker.ts', import.meta.url), { file: options.file, keyHex: options.keyHex });
  return connectWorker<DurableOperations>(worker, DURABLE_OPERATION_NAMES, { name: 'The record of actions on this computer' });
}
