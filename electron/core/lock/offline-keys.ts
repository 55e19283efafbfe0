import { hkdf, scrypt } from 'node:crypto';
import type { ScryptParams } from './offline-credential-schema.ts';

/**
 * What the console writes, and the floor it accepts for current credentials: 128 MiB and a few
 * hundred ms per guess on a laptop (docs/BENCHMARKS.md). Argon2id would be preferable, but
 * Electron's BoringSSL-based crypto offers no Argon2 to verify it with.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export interface OfflineSubkeys {
  /** Keys the stored HMAC verifier. */
  verifierKey: Buffer;
  /** Wraps (AES-256-GCM) the SQLCipher cache key. */
  wrapKey: Buffer;
}

// Distinct HKDF labels give two independent keys from one slow scrypt run. The verifier is stored
// in the clear and compared on every attempt; keeping its key separate from the wrap key means
// nothing stored or compared is ever derived from the key that opens the cache.
const VERIFIER_INFO = 'central-console/offline-unlock/v1/verifier';
const WRAP_INFO = 'central-console/offline-unlock/v1/wrap';

export async function deriveOfflineSubkeys(password: string, salt: Buffer, params: ScryptParams): Promise<OfflineSubkeys> {
  // NFC so the same password typed through different keyboards/IMEs derives the same key.
  const secret = Buffer.from(password.normalize('NFC'), 'utf8');
  const master = await scryptAsync(secret, salt, params);
  const [verifierKey, wrapKey] = await Promise.all([hkdfAsync(master, salt, VERIFIER_INFO), hkdfAsync(master, salt, WRAP_INFO)]);
  master.fill(0);
  return { verifierKey, wrapKey };
}

function scryptAsync(secret: Buffer, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; Node's default 32 MiB cap is far below that, so allow twice it.
  const maxmem = 2 * 128 * N * r;
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function hkdfAsync(master: Buffer, salt: Buffer, info: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    hkdf('sha256', master, salt, info, 32, (error, key) => (error ? reject(error) : resolve(Buffer.from(key))));
  });
}
