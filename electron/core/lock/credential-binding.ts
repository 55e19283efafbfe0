import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { OfflineCredential, OfflineCredentialV2, UnboundCredential } from './offline-credential-schema.ts';

/*
 * Binds an offline credential to this computer's keychain: a MAC over every field of the file and
 * its owner, under a key derived from the keychain share of the cache key. A file edited or swapped
 * in by someone who can write the data folder but not read the keychain is refused before any
 * password is tried.
 *
 * Defence in depth only: on Linux and Windows any process of the same OS user can read the keychain
 * and so compute this MAC. What holds on its own is the key check (cache-key-custody.ts): offline,
 * a credential unlocks only if the key it yields opens the existing cache.
 */

const BINDING_INFO = 'central-console/offline-unlock/v2/keychain-binding';

/** The owner a credential belongs to; a credential moved between profiles does not verify. */
export interface BindingOwner {
  origin: string;
  userId: string;
}

function bindingKey(deviceShareHex: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(deviceShareHex, 'hex'), Buffer.alloc(0), BINDING_INFO, 32));
}

/** A fixed-order encoding of the credential's fields and its owner. */
function boundBytes(credential: UnboundCredential, owner: BindingOwner): Buffer {
  const { version, kdf, createdAt, verifier, wrappedKey } = credential;
  return Buffer.from(
    JSON.stringify([version, owner.origin, owner.userId, kdf.name, kdf.params.N, kdf.params.r, kdf.params.p, kdf.salt, createdAt, verifier, wrappedKey.iv, wrappedKey.tag, wrappedKey.ciphertext]),
    'utf8',
  );
}

function mac(credential: UnboundCredential, owner: BindingOwner, deviceShareHex: string): Buffer {
  const key = bindingKey(deviceShareHex);
  try {
    return createHmac('sha256', key).update(boundBytes(credential, owner)).digest();
  } finally {
    key.fill(0);
  }
}

export function bindCredential(credential: UnboundCredential, owner: BindingOwner, deviceShareHex: string): OfflineCredentialV2 {
  return { ...credential, binding: mac(credential, owner, deviceShareHex).toString('base64') };
}

/** True for a version 2 credential whose binding this keychain share and owner reproduce. */
export function isBoundTo(credential: OfflineCredential, owner: BindingOwner, deviceShareHex: string): boolean {
  if (credential.version !== 2) return false;
  const { binding, ...unbound } = credential;
  const expected = mac(unbound, owner, deviceShareHex);
  const actual = Buffer.from(binding, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
