import { AsyncEntry } from '@napi-rs/keyring';
import type { EntryOptions } from '@napi-rs/keyring';
import { ConsoleError } from '#shared/errors.ts';

/** Secrets kept in the OS keychain, one entry per account name under a fixed service name. */
export interface Vault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves true when an entry was deleted, false when there was none. */
  delete(account: string): Promise<boolean>;
}

// Pinning the Secret Service on Linux turns a missing bus or daemon into an error; the default
// would quietly fall back to the kernel keyring, which forgets everything at logout.
const ENTRY_OPTIONS: EntryOptions | undefined = process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;

/**
 * Uses AsyncEntry only: a keychain may show an unlock prompt, and that must never block the
 * thread that called us.
 */
export function createKeychainVault(service: string): Vault {
  if (service.length === 0) {
    throw new ConsoleError('invalid-input', 'A keychain service name is required.');
  }
  return {
    get: (account) => withKeychain(() => entryFor(service, account).getPassword()),
    set: (account, secret) => withKeychain(() => entryFor(service, account).setPassword(secret)),
    delete: (account) => withKeychain(() => entryFor(service, account).deleteCredential()),
  };
}

function entryFor(service: string, account: string): AsyncEntry {
  if (account.length === 0) {
    throw new ConsoleError('invalid-input', 'A keychain account name is required.');
  }
  return new AsyncEntry(service, account, ENTRY_OPTIONS);
}

async function withKeychain<T>(operation: () => Promise<T>): Promise<T> {
  try {
    // The constructor can throw synchronously when the pinned store is unusable, hence inside the try.
    return await operation();
  } catch (error) {
    if (error instanceof ConsoleError) throw error;
    throw keychainUnavailable(error);
  }
}

function keychainUnavailable(cause: unknown): ConsoleError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ConsoleError(
    'keychain-unavailable',
    `The system keychain is not available (${reason}). Unlock your keyring and try again.`,
    { reason },
    { cause },
  );
}
