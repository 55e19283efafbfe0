import type Database from 'better-sqlite3-multiple-ciphers';
import { openRawConnection } from '../../cache/test-support/cache-fixtures.ts';

/** A raw connection to a test cache that can run the incident filters (`site:` and `org:` fold names with cc_fold, as the cache's own connections do). */
export function openIncidentRaw(file: string, keyHex: string): Database.Database {
  const raw = openRawConnection(file, keyHex);
  raw.function('cc_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.normalize('NFKC').toLowerCase() : null));
  return raw;
}
