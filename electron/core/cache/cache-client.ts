import { Worker } from 'node:worker_threads';
import { ConsoleError, ConsoleErrorPayloadSchema } from '#shared/errors.ts';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { CacheOperationName, CacheOperations } from './cache-operations.ts';
import { CACHE_OPERATION_NAMES } from './cache-operations.ts';
import type { CacheRequest, CacheWorkerData, CacheWorkerMessage } from './cache-protocol.ts';

/** The cache's operations as promises, answered by the worker thread. */
export type CacheClient = {
  [Name in CacheOperationName]: (...args: Parameters<CacheOperations[Name]>) => Promise<ReturnType<CacheOperations[Name]>>;
} & {
  /** Finishes queued calls, closes the database and ends the worker. */
  close(): Promise<void>;
};

export interface OpenCacheOptions {
  file: string;
  /** The raw SQLCipher key, 64 hex digits. */
  keyHex: string;
  /** Electron passes its bundled worker; Node runs the .ts file next to this one. */
  workerUrl?: URL;
  /** Offline unlock: open only an existing cache, writing nothing until its key is proven. */
  existingOnly?: boolean;
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: ConsoleError): void;
}

/**
 * Starts a worker that opens (creating or migrating) the encrypted cache. Rejects with the
 * worker's ConsoleError: cache-wrong-key, cache-corrupt, cache-newer-version, …
 */
export function openCache(options: OpenCacheOptions): Promise<CacheClient> {
  const workerData: CacheWorkerData = { file: options.file, keyHex: options.keyHex, existingOnly: options.existingOnly ?? false };
  const worker = new Worker(options.workerUrl ?? new URL('./cache-worker.ts', import.meta.url), { workerData });
  const connection = new WorkerConnection(worker);
  return connection.opened.then(() => connection.client());
}

class WorkerConnection {
  readonly opened: Promise<void>;
  readonly #worker: Worker;
  readonly #pending = new Map<number, PendingCall>();
  #nextId = 1;
  #settleOpen: { resolve(): void; reject(error: ConsoleError): void } | null = null;
  /** Set once the worker can take no more calls: closed on request, or crashed. */
  #endedWith: ConsoleError | null = null;
  #closing: Promise<void> | null = null;

  constructor(worker: Worker) {
    this.#worker = worker;
    this.opened = new Promise<void>((resolve, reject) => {
      this.#settleOpen = { resolve, reject };
    });
    worker.on('message', (message: CacheWorkerMessage) => this.#receive(message));
    worker.on('error', (error) => this.#crashed(`${error.name}: ${error.message}`));
    worker.on('exit', (exitCode) => this.#crashed(`the worker exited with code ${exitCode}`));
  }

  client(): CacheClient {
    const operations = Object.fromEntries(
      CACHE_OPERATION_NAMES.map((operation) => [operation, (...args: unknown[]) => this.#call(operation, args)]),
    ) as Omit<CacheClient, 'close'>;
    return { ...operations, close: () => this.#close() };
  }

  #call(operation: CacheOperationName, args: unknown[]): Promise<unknown> {
    if (this.#closing) return Promise.reject(closedError());
    return this.#send((id) => ({ id, kind: 'call', operation, args }));
  }

  #close(): Promise<void> {
    if (!this.#closing) {
      // Calls sent earlier are answered first: the worker handles messages in order.
      // A crashed worker has nothing left to close.
      const closed = this.#endedWith ? Promise.resolve() : this.#send((id) => ({ id, kind: 'close' }));
      this.#closing = closed.then(async () => {
        this.#endedWith = closedError();
        await this.#worker.terminate();
      });
    }
    return this.#closing;
  }

  #send(request: (id: number) => CacheRequest): Promise<unknown> {
    if (this.#endedWith) return Promise.reject(this.#endedWith);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage(request(id));
    });
  }

  #receive(message: CacheWorkerMessage): void {
    switch (message.kind) {
      case 'opened':
        this.#settleOpen?.resolve();
        this.#settleOpen = null;
        return;
      case 'open-failed':
        this.#endedWith = rebuildError(message.error);
        this.#settleOpen?.reject(this.#endedWith);
        this.#settleOpen = null;
        return;
      case 'result':
        this.#takePending(message.id)?.resolve(message.value);
        return;
      case 'failure':
        this.#takePending(message.id)?.reject(rebuildError(message.error));
        return;
    }
  }

  #takePending(id: number): PendingCall | undefined {
    const call = this.#pending.get(id);
    this.#pending.delete(id);
    return call;
  }

  #crashed(reason: string): void {
    // After close or a reported open failure there is nothing left to reject; calls made later
    // still learn why the cache is gone.
    const error = new ConsoleError('internal', `The local cache stopped unexpectedly (${reason}). Restart the console.`, { reason });
    this.#endedWith ??= error;
    this.#settleOpen?.reject(error);
    this.#settleOpen = null;
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
  }
}

function closedError(): ConsoleError {
  return new ConsoleError('invalid-state', 'The local cache is closed.');
}

function rebuildError(payload: ConsoleErrorPayload): ConsoleError {
  const parsed = ConsoleErrorPayloadSchema.safeParse(payload);
  return parsed.success
    ? ConsoleError.fromPayload(parsed.data)
    : new ConsoleError('internal', 'The local cache reported an error it could not describe.');
}
