import type { Vault } from '../vault/keychain-vault.ts';
import { generateCacheKeyHex, vaultAccount } from '../vault/accounts.ts';

/*
 * Who holds the durable store's key (SECURITY.md "Durable store key custody").
 *
 * A random 32-byte key of its own, whole, in the OS keychain (`<origin>|<user id>|durable-key`).
 * Deliberately not derived from the cache key or the password: the audit log and the outbox must
 * outlive a password changed on the server, a lost cache key share and an edited offline
 * credential, none of which an online sign-in can undo for the old cache key. The console opens
 * this store only once a session is unlocked, but its key itself is guarded by the keychain alone.
 */

export interface DurableKeyOwner {
  origin: string;
  userId: string;
}

export function createDurableKeyCustody(vault: Vault) {
  const account = (owner: DurableKeyOwner) => vaultAccount(owner.origin, owner.userId, 'durable-key');
  return {
    /** The stored key, or null when the keychain has none. */
    read: (owner: DurableKeyOwner) => vault.get(account(owner)),
    /** A fresh key, stored before any file is written under it. */
    async create(owner: DurableKeyOwner): Promise<string> {
      const keyHex = generateCacheKeyHex();
      await vault.set(account(owner), keyHex);
      return keyHex;
    },
    /** "Remove local data". */
    forget: (owner: DurableKeyOwner) => vault.delete(account(owner)),
  };
}

export type DurableKeyCustody = ReturnType<typeof createDurableKeyCustody>;
