import type { Worker } from 'node:worker_threads';
import { ConsoleError } from '#shared/errors.ts';
import { ConsoleErrorPayloadSchema } from '#shared/error-schema.ts';
import type { ConsoleErrorPayload } from '#shared/errors.ts';

/*
 * The caller's side of a database worker (the cache, the durable store): operations become
 * messages, answers and failures come back as promises. Both ends of one worker share its
 * operation interface, so the client is typed from it.
 */

export type WorkerRequest = { id: number; kind: 'call'; operation: string; args: unknown[] } | { id: number; kind: 'close' };

/** Everything a worker posts. Errors travel as payloads: a ConsoleError does not survive structured clone. */
export type WorkerMessage =
  | { kind: 'opened' }
  | { kind: 'open-failed'; error: ConsoleErrorPayload }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'failure'; id: number; error: ConsoleErrorPayload };

/** Each synchronous operation of `Operations` as a promise, plus close. */
export type WorkerClient<Operations> = {
  [Name in keyof Operations]: Operations[Name] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
} & {
  /** Finishes queued calls, closes the database and ends the worker. */
  close(): Promise<void>;
};

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: ConsoleError): void;
}

export interface WorkerConnectionOptions {
  /** What the technician calls this store in a sentence: "The local cache", "The record of actions". */
  name: string;
  /** How long a closed worker may take to end on its own before it is terminated; default EXIT_GRACE_MS. */
  exitGraceMs?: number;
}

/**
 * A closed worker ends by itself within milliseconds: its database is closed and its port unref'd
 * (serve-worker.ts). terminate() is kept for one that does not, so a thread is never stopped while it
 * tears down (the SQLite addon's cleanup hook, the final GC) unless it hangs.
 */
export const EXIT_GRACE_MS = 5_000;

/** Resolves once the worker reports its database open; rejects with the worker's ConsoleError otherwise. */
export function connectWorker<Operations>(worker: Worker, operationNames: readonly (keyof Operations & string)[], options: WorkerConnectionOptions): Promise<WorkerClient<Operations>> {
  const connection = new WorkerConnection(worker, options.name, options.exitGraceMs ?? EXIT_GRACE_MS);
  return connection.opened.then(() => {
    const operations = Object.fromEntries(operationNames.map((operation) => [operation, (...args: unknown[]) => connection.call(operation, args)]));
    return { ...operations, close: () => connection.close() } as WorkerClient<Operations>;
  });
}

class WorkerConnection {
  readonly opened: Promise<void>;
  readonly #worker: Worker;
  readonly #name: string;
  readonly #pending = new Map<number, PendingCall>();
  #nextId = 1;
  #settleOpen: { resolve(): void; reject(error: ConsoleError): void } | null = null;
  /** Set once the worker can take no more calls: closed on request, or crashed. */
  #endedWith: ConsoleError | null = null;
  #closing: Promise<void> | null = null;
  readonly #exited: Promise<void>;
  readonly #exitGraceMs: number;

  constructor(worker: Worker, name: string, exitGraceMs: number) {
    this.#worker = worker;
    this.#name = name;
    this.#exitGraceMs = exitGraceMs;
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    this.opened = new Promise<void>((resolve, reject) => {
      this.#settleOpen = { resolve, reject };
    });
    worker.on('message', (message: WorkerMessage) => this.#receive(message));
    worker.on('error', (error) => this.#crashed(`${error.name}: ${error.message}`));
    worker.on('exit', (exitCode) => this.#crashed(`the worker exited with code ${exitCode}`));
  }

  call(operation: string, args: unknown[]): Promise<unknown> {
    if (this.#closing) return Promise.reject(this.#closedError());
    return this.#send((id) => ({ id, kind: 'call', operation, args }));
  }

  close(): Promise<void> {
    if (!this.#closing) {
      // Calls sent earlier are answered first: the worker handles messages in order.
      // A crashed worker has nothing left to close, also when it crashes while closing.
      const closed = this.#endedWith ? Promise.resolve() : this.#send((id) => ({ id, kind: 'close' })).catch(() => undefined);
      this.#closing = closed.then(async () => {
        this.#endedWith = this.#closedError();
        await this.#endedOrTerminated();
      });
    }
    return this.#closing;
  }

  async #endedOrTerminated(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.#exitGraceMs);
    });
    try {
      if ((await Promise.race([this.#exited, grace])) === 'late') await this.#worker.terminate();
    } finally {
      clearTimeout(timer);
    }
  }

  #send(request: (id: number) => WorkerRequest): Promise<unknown> {
    if (this.#endedWith) return Promise.reject(this.#endedWith);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage(request(id));
    });
  }

  #receive(message: WorkerMessage): void {
    switch (message.kind) {
      case 'opened':
        this.#settleOpen?.resolve();
        this.#settleOpen = null;
        return;
      case 'open-failed':
        this.#endedWith = this.#rebuildError(message.error);
        this.#settleOpen?.reject(this.#endedWith);
        this.#settleOpen = null;
        return;
      case 'result':
        this.#takePending(message.id)?.resolve(message.value);
        return;
      case 'failure':
        this.#takePending(message.id)?.reject(this.#rebuildError(message.error));
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
    // still learn why the store is gone.
    const error = new ConsoleError('internal', `${this.#name} stopped unexpectedly (${reason}). Restart the console.`, { reason });
    this.#endedWith ??= error;
    this.#settleOpen?.reject(error);
    this.#settleOpen = null;
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
  }

  #closedError(): ConsoleError {
    return new ConsoleError('invalid-state', `${this.#name} is closed.`);
  }

  #rebuildError(payload: ConsoleErrorPayload): ConsoleError {
    const parsed = ConsoleErrorPayloadSchema.safeParse(payload);
    return parsed.success ? ConsoleError.fromPayload(parsed.data) : new ConsoleError('internal', `${this.#name} reported an error it could not describe.`);
  }
}
