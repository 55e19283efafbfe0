import type { ConsoleError } from '#shared/errors.ts';
import { corruptCacheError } from './cache-problems.ts';
import type { WorkerClient } from '../workers/worker-connection.ts';

// The main thread's side of the check: it imports no SQLite (the addon is loaded once, when the first
// database worker starts: workers/start-database-worker.ts).

/** The whole-file check, one table (and its indexes) per call, so no read transaction lasts longer than one table's check. */
export interface IntegrityCheckOperations {
  /** Every table with pages of its own (a virtual table has none: its shadow tables are listed instead). */
  integrityCheckTables(): string[];
  /** The table's first problem, or null when it and its indexes are sound (or it was dropped since it was listed). */
  integrityCheckTable(table: string): string | null;
}

export const INTEGRITY_CHECK_OPERATION_NAMES: readonly (keyof IntegrityCheckOperations)[] = ['integrityCheckTables', 'integrityCheckTable'];

/** Meta key: when the whole-file check last found the cache sound (ISO time). */
export const INTEGRITY_CHECKED_AT = 'integrity_checked_at';

/**
 * The whole-file check runs after an open at most once a day. Between checks, every page a query
 * reads is still verified by SQLCipher, and a failing read starts the same recovery, so a day's
 * interval only delays finding damage in pages nobody reads.
 */
export const INTEGRITY_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

export type IntegrityVerdict =
  | { kind: 'clean'; checkedAt: string }
  /** The check ran less than a day ago and found the cache sound then. */
  | { kind: 'not-due'; lastCheckedAt: string }
  | { kind: 'damaged'; error: ConsoleError }
  /** The cache closed before the check finished; it runs again at the next open. */
  | { kind: 'stopped' }
  /** The check itself could not run (not damage); it runs again at the next open. */
  | { kind: 'failed'; reason: string };

export function integrityCheckDue(lastCheckedAt: string | null, now: Date): boolean {
  if (lastCheckedAt === null) return true;
  const at = Date.parse(lastCheckedAt);
  // A time in the future (a clock set back) proves nothing about today.
  return !Number.isFinite(at) || at > now.getTime() || now.getTime() - at >= INTEGRITY_CHECK_INTERVAL_MS;
}

/** Checks table after table until one has a problem, every table is sound, or `stopped()` says the cache is closing. */
export async function checkEveryTable(checker: WorkerClient<IntegrityCheckOperations>, file: string, stopped: () => boolean): Promise<'clean' | 'stopped' | ConsoleError> {
  for (const table of await checker.integrityCheckTables()) {
    if (stopped()) return 'stopped';
    const problem = await checker.integrityCheckTable(table);
    if (problem !== null) return corruptCacheError(file, `integrity check of ${table}: ${problem}`);
  }
  return 'clean';
}
