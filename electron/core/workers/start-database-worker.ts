import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';

let addonPinned = false;
let wrapperTierUpOff = false;
/** The calls after which V8 tiers a Wasm-to-JS wrapper up (1,000 by default), out of reach. */
const NO_WRAPPER_TIER_UP = '--wasm-wrapper-tiering-budget=2147483647';

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

/**
 * Node strips a `.ts` worker's types with amaro, WebAssembly of its own (tests, the web shell and the
 * demo start the `.ts` files; Electron starts its bundled `.mjs`). Test processes died of SIGSEGV and
 * SIGTRAP in worker threads inside V8 tiering up a Wasm-to-JS wrapper (two core dumps, the same stack:
 * docs/ARCHITECTURE.md, `workers/`). With the budget out of reach a wrapper never tiers up; set at run
 * time it holds for every isolate started after it, workers included (measured: BENCHMARKS, seventh
 * round). True when `url` is such a worker.
 */
export function turnOffWrapperTierUpFor(url: URL): boolean {
  if (!url.pathname.endsWith('.ts')) return false;
  if (!wrapperTierUpOff) setFlagsFromString(NO_WRAPPER_TIER_UP);
  wrapperTierUpOff = true;
  return true;
}

/** Starts a worker that opens a SQLCipher database (the cache, the durable store). */
export function startDatabaseWorker(url: URL, workerData: unknown): Worker {
  pinSqliteAddon();
  turnOffWrapperTierUpFor(url);
  return new Worker(url, { workerData });
}
