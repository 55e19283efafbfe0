import { access, readFile, rm } from 'node:fs/promises';
import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import { writePrivateFile } from '../files/private-file.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import { generateCacheKeyHex, vaultAccount } from '../vault/accounts.ts';
import { offlineUnlockAllowed } from './offline-age.ts';
import { bindCredential, isBoundTo } from './credential-binding.ts';
import { createOfflineCredential, DEFAULT_SCRYPT_PARAMS, parseOfflineCredential, unlockOffline, type OfflineCredential, type ScryptParams } from './offline-verifier.ts';
import { createUnlockThrottle } from './unlock-throttle.ts';

/*
 * Who holds the cache key (SECURITY.md "Cache key custody").
 *
 * The SQLCipher key is split into two random 32-byte shares, key = deviceShare XOR passwordShare:
 *   - deviceShare lives in the OS keychain (account kind 'cache-key-share');
 *   - passwordShare is sealed by the offline credential (scrypt → HKDF → AES-GCM, offline-verifier.ts),
 *     a file beside the cache, rewritten at every online sign-in and bound to the keychain share by a
 *     MAC (credential-binding.ts).
 * Either share alone is uniformly random and says nothing about the key, so a copy of the keychain
 * entry does not open the cache, and neither does the credential file plus the password on another
 * computer. Opening it takes the keychain of this user on this computer and the password.
 *
 * Offline, a credential is only as good as the key it yields: the unlock succeeds only if that key
 * opens the existing cache (`prove`). A credential made for another password by someone who can
 * write the data folder yields a key that opens nothing, and the refusal changes nothing on disk.
 *
 * A console from before the split kept the whole key in the keychain (kind 'cache-key'); a console
 * from before the binding wrote version 1 credentials and an unmarked share. Both are still read and
 * are replaced by the current form at the next online sign-in.
 */

export interface Sealed {
  cacheKeyHex: string;
  /** Why a cache written under an earlier key can no longer be read (it must be moved aside), or null. */
  replacedBecause: string | null;
}

export interface CacheKeyOwner {
  origin: string;
  userId: string;
  username: string;
}

export interface CacheKeyCustodyOptions {
  vault: Vault;
  now?: () => number;
  /** What new credentials cost; tests pass cheaper parameters. The product uses DEFAULT_SCRYPT_PARAMS. */
  scryptParams?: ScryptParams;
  /** The cheapest stored credential accepted; defaults to the parameters written. */
  scryptFloor?: ScryptParams;
}

/** The files that belong to the offline unlock of one cache; they are not part of the cache itself. */
export function offlineUnlockPaths(cacheFile: string) {
  return { credential: `${cacheFile}.unlock.json`, throttle: `${cacheFile}.unlock-throttle.json` };
}

/** A share written together with a bound (version 2) credential is marked, so a version 1 file cannot stand in for it. */
const BOUND_SHARE_PREFIX = '2:';
interface DeviceShare {
  hex: string;
  bound: boolean;
}
function parseShare(stored: string | null): DeviceShare | null {
  if (stored === null) return null;
  return stored.startsWith(BOUND_SHARE_PREFIX) ? { hex: stored.slice(BOUND_SHARE_PREFIX.length), bound: true } : { hex: stored, bound: false };
}

const CHANGED = 'the saved offline sign-in on this computer was changed or does not belong to its keychain';

export function createCacheKeyCustody({ vault, now = Date.now, scryptParams = DEFAULT_SCRYPT_PARAMS, scryptFloor = scryptParams }: CacheKeyCustodyOptions) {
  const shareAccount = (owner: CacheKeyOwner) => vaultAccount(owner.origin, owner.userId, 'cache-key-share');
  const legacyAccount = (owner: CacheKeyOwner) => vaultAccount(owner.origin, owner.userId, 'cache-key');

  async function readCredential(cacheFile: string): Promise<OfflineCredential | null> {
    let text: string;
    try {
      text = await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return parseOfflineCredential(JSON.parse(text), scryptFloor);
    } catch {
      throw new ConsoleError('cache-corrupt', 'The saved offline sign-in is damaged. Connect to Central Command and sign in online.');
    }
  }

  /** Whether this credential may be tried with this share at all (before any password). */
  function belongsToKeychain(credential: OfflineCredential, owner: CacheKeyOwner, share: DeviceShare): boolean {
    return credential.version === 2 ? isBoundTo(credential, owner, share.hex) : !share.bound;
  }

  async function loadThrottle(cacheFile: string) {
    const throttle = createUnlockThrottle({ now });
    try {
      throttle.fromJSON(JSON.parse(await readFile(offlineUnlockPaths(cacheFile).throttle, 'utf8')));
    } catch {
      // Missing or unreadable: start counting from here. Deleting the file buys a guesser nothing
      // that scrypt does not already charge for; the throttle is for the person at the keyboard.
    }
    return {
      throttle,
      save: () => writePrivateFile(offlineUnlockPaths(cacheFile).throttle, JSON.stringify(throttle.toJSON())),
    };
  }

  /** The key the existing cache was written under, if this password and this keychain can rebuild it. */
  async function recoverKey(owner: CacheKeyOwner, cacheFile: string, password: string): Promise<Sealed> {
    const share = parseShare(await vault.get(shareAccount(owner)));
    let credential: OfflineCredential | null = null;
    let credentialProblem: string | null = null;
    try {
      credential = await readCredential(cacheFile);
    } catch {
      credentialProblem = 'its saved offline sign-in is damaged';
    }
    if (credential && share) {
      if (!belongsToKeychain(credential, owner, share)) return fresh(CHANGED);
      try {
        const { cacheKeyHex: passwordShare } = await unlockOffline(credential, password);
        return { cacheKeyHex: xorHex(passwordShare, share.hex), replacedBecause: null };
      } catch (error) {
        if (isConsoleError(error, 'invalid-credentials')) return fresh('your password changed since it was last used here');
        return fresh('its saved offline sign-in is damaged');
      }
    }
    const legacy = await vault.get(legacyAccount(owner));
    if (legacy) return { cacheKeyHex: legacy, replacedBecause: null };
    if (credentialProblem) return fresh(credentialProblem);
    if (credential) return fresh('its key is no longer in the keychain');
    if (share) return fresh('its saved offline sign-in is missing');
    return fresh(null);
  }

  return {
    /**
     * At every online sign-in (the password was just accepted by Central Command): recovers the
     * cache key, or makes a new one, and seals it again under this password with a fresh salt and
     * a fresh offline window, bound to a fresh keychain share.
     */
    async seal(owner: CacheKeyOwner, cacheFile: string, password: string): Promise<Sealed> {
      const sealed = await recoverKey(owner, cacheFile, password);
      const passwordShare = generateCacheKeyHex();
      const deviceShare = xorHex(sealed.cacheKeyHex, passwordShare);
      const unbound = await createOfflineCredential(password, passwordShare, { now: () => new Date(now()), scryptParams });
      await writePrivateFile(offlineUnlockPaths(cacheFile).credential, JSON.stringify(bindCredential(unbound, owner, deviceShare)));
      await vault.set(shareAccount(owner), `${BOUND_SHARE_PREFIX}${deviceShare}`);
      await vault.delete(legacyAccount(owner));
      await rm(offlineUnlockPaths(cacheFile).throttle, { force: true });
      return sealed;
    },

    /**
     * Offline unlock: the password against the local verifier, within the offline window, slowed
     * down after wrong guesses, and accepted only once `prove` has opened the existing cache with
     * the key it yields. Every refusal on the way changes nothing but the throttle.
     */
    async unseal<T>(owner: CacheKeyOwner, cacheFile: string, password: string, maxOfflineDays: number, prove: (cacheKeyHex: string) => Promise<T>): Promise<T> {
      const { throttle, save } = await loadThrottle(cacheFile);
      throttle.check();
      const refuse = async (reason: string, cause?: unknown): Promise<never> => {
        throttle.recordFailure();
        await save();
        // Said with the refusal, so the lock screen can count down instead of inviting a try that must fail.
        const retryAfterSeconds = throttle.retryAfterSeconds();
        throw new ConsoleError('offline-unlock-refused', `${reason} Nothing on this computer was changed. Connect to Central Command and sign in. Wait ${retryAfterSeconds} s before the next try.`, { retryAfterSeconds }, { cause });
      };

      let credential: OfflineCredential | null;
      try {
        credential = await readCredential(cacheFile);
      } catch (error) {
        return refuse('The saved offline sign-in on this computer is damaged.', error);
      }
      if (!credential) return refuse(`This computer has no saved offline sign-in for ${owner.username}.`);
      const share = parseShare(await vault.get(shareAccount(owner)));
      if (!share) return refuse('The keychain entry that opens the local data on this computer is missing.');
      if (!belongsToKeychain(credential, owner, share)) return refuse('The saved offline sign-in on this computer was changed, or does not belong to its keychain.');
      const age = offlineUnlockAllowed(credential.createdAt, now(), maxOfflineDays);
      if (!age.allowed) throw new ConsoleError('offline-unlock-refused', age.reason);

      let passwordShare: string;
      try {
        ({ cacheKeyHex: passwordShare } = await unlockOffline(credential, password));
      } catch (error) {
        if (!isConsoleError(error, 'invalid-credentials')) return refuse('The saved offline sign-in on this computer is damaged.', error);
        throttle.recordFailure();
        await save();
        const retryAfterSeconds = throttle.retryAfterSeconds();
        throw new ConsoleError('invalid-credentials', `${error.message} Wait ${retryAfterSeconds} s before the next try.`, { retryAfterSeconds }, { cause: error });
      }

      let proven: T;
      try {
        proven = await prove(xorHex(passwordShare, share.hex));
      } catch (error) {
        // A newer console's cache opened with this key: the key is right, the console is old.
        if (isConsoleError(error, 'cache-newer-version')) throw error;
        return refuse(`The saved offline sign-in does not open the local data on this computer (${cacheProblem(error)}).`, error);
      }
      throttle.recordSuccess();
      await save();
      return proven;
    },

    /**
     * Whether an offline sign-in is stored for this cache, so the lock screen can offer a review after
     * the session ended. Only the file's presence: whether it opens anything is for the password to show.
     */
    async hasOfflineSignIn(cacheFile: string): Promise<boolean> {
      return access(offlineUnlockPaths(cacheFile).credential).then(() => true, () => false);
    },

    /** "Remove local data": the keychain share, a pre-split key, the credential and the throttle state. */
    async forget(owner: CacheKeyOwner, cacheFile: string): Promise<void> {
      await vault.delete(shareAccount(owner));
      await vault.delete(legacyAccount(owner));
      const paths = offlineUnlockPaths(cacheFile);
      await rm(paths.credential, { force: true });
      await rm(paths.throttle, { force: true });
    },
  };
}

export type CacheKeyCustody = ReturnType<typeof createCacheKeyCustody>;

function cacheProblem(error: unknown): string {
  if (isConsoleError(error, 'cache-missing')) return 'the local cache is missing';
  if (isConsoleError(error, 'cache-wrong-key')) return 'it does not match the local cache';
  if (isConsoleError(error, 'cache-corrupt')) return 'the local cache is damaged';
  return 'the local cache could not be opened';
}

function fresh(replacedBecause: string | null): Sealed {
  return { cacheKeyHex: generateCacheKeyHex(), replacedBecause };
}
function xorHex(a: string, b: string): string {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  if (left.length !== 32 || right.length !== 32) throw new ConsoleError('cache-corrupt', 'A stored cache key share has the wrong length. Connect to Central Command and sign in.');
  const out = Buffer.alloc(32);
  for (let index = 0; index < 32; index += 1) out[index] = left[index]! ^ right[index]!;
  const hex = out.toString('hex');
  left.fill(0);
  right.fill(0);
  out.fill(0);
  return hex;
}
