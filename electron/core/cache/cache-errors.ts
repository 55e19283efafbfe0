import Database from 'better-sqlite3-multiple-ciphers';
import { ConsoleError } from '#shared/errors.ts';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import { corruptCacheError } from './cache-problems.ts';

export function isSqliteError(error: unknown): error is InstanceType<typeof Database.SqliteError> {
  return error instanceof Database.SqliteError;
}

/** SQLite's codes for a page that fails to decrypt, fails its HMAC or does not parse. */
export function isDamageCode(code: string): boolean {
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_');
}

/**
 * Any failure inside the worker as a payload that survives structured clone. Once the key has
 * been verified, a page that will not decrypt or parse means damage, never a wrong key.
 */
export function toCacheErrorPayload(error: unknown, file: string): ConsoleErrorPayload {
  if (error instanceof ConsoleError) return error.toPayload();
  if (isSqliteError(error) && isDamageCode(error.code)) {
    return corruptCacheError(file, error.message).toPayload();
  }
  const reason = error instanceof Error ? error.message : String(error);
  const details: Record<string, string> = { path: file, reason };
  if (isSqliteError(error)) details.sqliteCode = error.code;
  return { code: 'internal', message: `The local cache failed (${reason}).`, details };
}
