import { randomBytes } from 'node:crypto';
import { ConsoleError } from '#shared/errors.ts';
import { normalizeServerOrigin } from '#shared/util/origin.ts';

/**
 * 'cache-key' is the whole key as consoles before the offline unlock kept it; 'cache-key-share' is
 * this computer's half (lock/cache-key-custody.ts); 'durable-key' opens the durable store (durable/durable-key.ts).
 */
export type VaultSecretKind = 'session-token' | 'cache-key' | 'cache-key-share' | 'durable-key';

/**
 * The keychain account for one secret of one user on one server, e.g.
 * `https://cc.example.com|42|session-token`. Named by the normalized origin and the server's user
 * id, never by the typed login (which may be an email and may change).
 */
export function vaultAccount(origin: string, userId: string, kind: VaultSecretKind): string {
  if (userId.length === 0) {
    throw new ConsoleError('invalid-input', 'A user id is required to name a keychain entry.');
  }
  // Encoding keeps the `|` separator unambiguous whatever the server uses as ids.
  return `${normalizeServerOrigin(origin)}|${encodeURIComponent(userId)}|${kind}`;
}

/** A fresh raw SQLCipher key: 32 random bytes as 64 lowercase hex digits. */
export function generateCacheKeyHex(): string {
  return randomBytes(32).toString('hex');
}
