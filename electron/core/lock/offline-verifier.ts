import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConsoleError } from '#shared/errors.ts';
import { OfflineCredentialSchema, ScryptParamsSchema, storedCredentialSchema, VerifiableCredentialSchema } from './offline-credential-schema.ts';
import type { OfflineCredential, ScryptParams, UnboundCredential } from './offline-credential-schema.ts';
import { DEFAULT_SCRYPT_PARAMS, deriveOfflineSubkeys } from './offline-keys.ts';

export type { OfflineCredential, ScryptParams, UnboundCredential } from './offline-credential-schema.ts';
export { DEFAULT_SCRYPT_PARAMS } from './offline-keys.ts';

/*
 * Offline unlock (HIPAA §164.312(a)(2)(iii) automatic logoff, (d) person authentication).
 *
 * At each online sign-in the console stores an OfflineCredential: scrypt(password, salt) feeds
 * HKDF, which yields two independent subkeys:
 *   - verifierKey → verifier = HMAC-SHA256(verifierKey, label ‖ header). Lets us tell "wrong
 *     password" apart from "damaged file" and answer a wrong password without attempting to decrypt.
 *   - wrapKey → AES-256-GCM(cache key). Only the right password recovers the SQLCipher key, so a
 *     copy of the keychain entry (or of this credential) alone does not open the cache.
 * Why separate: the verifier is stored in the clear and compared on every attempt. If it were the
 * wrap key itself, or the wrap key were derivable from it, reading the credential would be enough
 * to unwrap the cache key. With separate HKDF outputs, the verifier reveals nothing about wrapKey.
 *
 * Error policy (decided here, relied on by callers):
 *   - verifier mismatch → 'invalid-credentials'. That includes a tampered salt, params, createdAt or
 *     verifier: all of them are inputs to the HMAC, and without the password a damaged header is
 *     indistinguishable from a wrong password. The caller's throttle counts it as a failure.
 *   - verifier matches but GCM rejects iv/tag/ciphertext → 'cache-corrupt' (the password is right,
 *     so retrying is pointless; the technician must sign in online to get a fresh credential).
 *   - a stored value that does not parse → 'cache-corrupt' as well.
 *
 * What this module writes is not yet bound to this computer: the key custody adds the binding MAC
 * (credential-binding.ts) before it stores the file, and checks it before any password is tried.
 */

const VERIFIER_LABEL = 'central-console offline-unlock verifier v1';
const WRONG_PASSWORD = 'That password does not match the one used at your last online sign-in.';
const DAMAGED = 'The saved offline sign-in is damaged. Connect to Central Command and sign in online.';

export interface CreateOfflineCredentialOptions {
  now?: () => Date;
  scryptParams?: ScryptParams;
}

/** The current format (version 2), still to be bound to the keychain by the key custody. */
export function createOfflineCredential(password: string, cacheKeyHex: string, options: CreateOfflineCredentialOptions = {}): Promise<UnboundCredential> {
  return buildCredential(2, password, cacheKeyHex, options);
}

/** What consoles before the keychain binding wrote; tests of reading such files make them with this. */
export function createVersion1Credential(password: string, cacheKeyHex: string, options: CreateOfflineCredentialOptions = {}): Promise<Extract<OfflineCredential, { version: 1 }>> {
  return buildCredential(1, password, cacheKeyHex, options);
}

async function buildCredential<V extends 1 | 2>(
  version: V,
  password: string,
  cacheKeyHex: string,
  options: CreateOfflineCredentialOptions,
): Promise<Omit<UnboundCredential, 'version'> & { version: V }> {
  if (password.length === 0) throw new ConsoleError('invalid-input', 'A password is required.');
  if (!/^[0-9a-fA-F]{64}$/.test(cacheKeyHex)) {
    throw new ConsoleError('invalid-input', 'The cache key must be 64 hex digits.');
  }
  const paramsResult = ScryptParamsSchema.safeParse(options.scryptParams ?? DEFAULT_SCRYPT_PARAMS);
  if (!paramsResult.success) throw new ConsoleError('invalid-input', 'Unsupported scrypt parameters.');
  const params = paramsResult.data;
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  const salt = randomBytes(16);
  const iv = randomBytes(12);

  const header = { version, kdf: { name: 'scrypt' as const, params, salt: salt.toString('base64') }, createdAt };
  const { verifierKey, wrapKey } = await deriveOfflineSubkeys(password, salt, params);
  try {
    const cipher = createCipheriv('aes-256-gcm', wrapKey, iv);
    cipher.setAAD(headerBytes(header));
    const plainKey = Buffer.from(cacheKeyHex, 'hex');
    const ciphertext = Buffer.concat([cipher.update(plainKey), cipher.final()]);
    plainKey.fill(0);
    return {
      ...header,
      verifier: computeVerifier(verifierKey, header).toString('base64'),
      wrappedKey: { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') },
    };
  } finally {
    verifierKey.fill(0);
    wrapKey.fill(0);
  }
}

/**
 * Parses a credential read from disk; anything malformed, or cheaper than `floor`, is 'cache-corrupt'.
 * Without a floor only the structure and the upper bounds are checked.
 */
export function parseOfflineCredential(value: unknown, floor?: ScryptParams): OfflineCredential {
  const result = (floor ? storedCredentialSchema(floor) : OfflineCredentialSchema).safeParse(value);
  if (!result.success) throw new ConsoleError('cache-corrupt', DAMAGED);
  return result.data;
}

export async function unlockOffline(credential: OfflineCredential | UnboundCredential, password: string): Promise<{ cacheKeyHex: string }> {
  // Re-parse: the type says OfflineCredential but the object came from disk via the caller. The
  // upper bounds hold here whatever the caller checked; the floor is the caller's (the key custody's).
  const result = VerifiableCredentialSchema.safeParse(credential);
  if (!result.success) throw new ConsoleError('cache-corrupt', DAMAGED);
  const parsed = result.data;
  const salt = Buffer.from(parsed.kdf.salt, 'base64');
  const { verifierKey, wrapKey } = await deriveOfflineSubkeys(password, salt, parsed.kdf.params);
  try {
    const expected = computeVerifier(verifierKey, parsed);
    // Constant time so response timing does not reveal how many verifier bytes matched.
    if (!timingSafeEqual(expected, Buffer.from(parsed.verifier, 'base64'))) {
      throw new ConsoleError('invalid-credentials', WRONG_PASSWORD);
    }
    const decipher = createDecipheriv('aes-256-gcm', wrapKey, Buffer.from(parsed.wrappedKey.iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(headerBytes(parsed));
    decipher.setAuthTag(Buffer.from(parsed.wrappedKey.tag, 'base64'));
    let plainKey: Buffer;
    try {
      plainKey = Buffer.concat([decipher.update(Buffer.from(parsed.wrappedKey.ciphertext, 'base64')), decipher.final()]);
    } catch (cause) {
      throw new ConsoleError('cache-corrupt', DAMAGED, undefined, { cause });
    }
    const cacheKeyHex = plainKey.toString('hex');
    plainKey.fill(0);
    return { cacheKeyHex };
  } finally {
    verifierKey.fill(0);
    wrapKey.fill(0);
  }
}

type CredentialHeader = Pick<OfflineCredential, 'version' | 'kdf' | 'createdAt'>;

/**
 * A fixed-order encoding of everything except the verifier and the wrapped key. It is both the
 * HMAC input and the GCM additional data, so editing createdAt (to stretch the offline window) or
 * any KDF field invalidates the credential instead of being silently honoured.
 */
function headerBytes(header: CredentialHeader): Buffer {
  const { N, r, p } = header.kdf.params;
  return Buffer.from(JSON.stringify([header.version, header.kdf.name, N, r, p, header.kdf.salt, header.createdAt]), 'utf8');
}

function computeVerifier(verifierKey: Buffer, header: CredentialHeader): Buffer {
  return createHmac('sha256', verifierKey).update(VERIFIER_LABEL).update('\0').update(headerBytes(header)).digest();
}
