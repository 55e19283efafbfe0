import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writePrivateFile } from '../files/private-file.ts';

/**
 * SQLCipher answers SQLITE_NOTADB both for a wrong key and for a damaged first page. A small
 * sidecar next to the cache, `<file>.keycheck`, holds a key check value that tells the two apart.
 * It is an HMAC of a fixed label under the key, so it reveals nothing about the key itself.
 */
const KEY_CHECK_LABEL = 'central-console cache key check v1';

export function keyCheckPath(file: string): string {
  return `${file}.keycheck`;
}

export function computeKeyCheck(keyHex: string): string {
  return createHmac('sha256', Buffer.from(keyHex, 'hex')).update(KEY_CHECK_LABEL).digest('hex');
}

/** The stored value, or null when there is no sidecar. */
export async function readKeyCheck(file: string): Promise<string | null> {
  try {
    return (await readFile(keyCheckPath(file), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function keyCheckMatches(stored: string, keyHex: string): boolean {
  const expected = Buffer.from(computeKeyCheck(keyHex), 'utf8');
  const actual = Buffer.from(stored, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Never half a value behind, even after a crash. */
export async function writeKeyCheck(file: string, keyHex: string): Promise<void> {
  await writePrivateFile(keyCheckPath(file), `${computeKeyCheck(keyHex)}\n`);
}
