import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';

let addonPinned = false;

/**
 * Node unloads a native addon when the last thread that loaded it ends (nodejs/node#37024). A
 * database worker's final garbage collection can still run better-sqlite3's weak callbacks, which
 * then jump into the unmapped library: the process dies with SIGSEGV or SIGTRAP
 * (WiseLibs/better-sqlite3#1476), seen in our suite when a file opened and closed many caches.
 * Loading the addon once in the thread that starts the workers keeps it mapped for the process's life.
 */
export function pinSqliteAddon(): void {
  if (addonPinned) return;
  // The addon is loaded by the first Database constructed, not by the import.
  new Database(':memory:').close();
  addonPinned = true;
}

/** Starts a worker that opens a SQLCipher database (the cache, the durable store). */
export function startDatabaseWorker(url: URL, workerData: unknown): Worker {
  pinSqliteAddon();
  return new Worker(url, { workerData });
}
