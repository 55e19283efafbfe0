import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { CacheOperationName } from './cache-operations.ts';

/** Handed to the worker at start. The key travels only here; neither side ever logs it. */
export interface CacheWorkerData {
  file: string;
  keyHex: string;
  /** Open only a cache that exists, proving the key before anything is written (open-database.ts). */
  existingOnly: boolean;
}

export type CacheRequest =
  | { id: number; kind: 'call'; operation: CacheOperationName; args: unknown[] }
  | { id: number; kind: 'close' };

/** Everything the worker posts. Errors travel as payloads: a ConsoleError does not survive structured clone. */
export type CacheWorkerMessage =
  | { kind: 'opened' }
  | { kind: 'open-failed'; error: ConsoleErrorPayload }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'failure'; id: number; error: ConsoleErrorPayload };
