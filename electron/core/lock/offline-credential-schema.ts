import { z } from 'zod';

/**
 * The stored shape of an offline credential. It is parsed on every load because it lives on disk
 * where anything may have changed it; the bounds on the scrypt parameters keep a hand-edited file
 * from making the console allocate gigabytes or spin for minutes before it can say "wrong password".
 */

const base64 = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')
    .refine((value) => Buffer.from(value, 'base64').length === bytes, `must decode to ${bytes} bytes`);

const powerOfTwo = z
  .number()
  .int()
  .refine((value) => value > 1 && (value & (value - 1)) === 0, 'must be a power of two');

export const ScryptParamsSchema = z.object({
  // 2^10 is allowed so tests stay fast; production credentials use DEFAULT_SCRYPT_PARAMS (2^15).
  N: powerOfTwo.min(2 ** 10).max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});
export type ScryptParams = z.infer<typeof ScryptParamsSchema>;

export const OfflineCredentialSchema = z.object({
  version: z.literal(1),
  kdf: z.object({
    name: z.literal('scrypt'),
    params: ScryptParamsSchema,
    salt: base64(16),
  }),
  /** When the technician last signed in online; offline-age.ts limits how long this is honoured. */
  createdAt: z.iso.datetime(),
  /** HMAC-SHA256 under the verifier subkey; proves the password without touching the wrap key. */
  verifier: base64(32),
  /** The SQLCipher key, AES-256-GCM under the wrap subkey. */
  wrappedKey: z.object({
    iv: base64(12),
    tag: base64(16),
    ciphertext: base64(32),
  }),
});
export type OfflineCredential = z.infer<typeof OfflineCredentialSchema>;
