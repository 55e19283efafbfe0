import type { Vault } from './keychain-vault.ts';

/**
 * A Vault in a Map, for tests and benchmarks that are about something else than the keychain (the
 * real one has its own tests, and the integration tests use it). The product never uses this.
 */
export function createMemoryVault(entries = new Map<string, string>()): Vault {
  return {
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
  };
}
