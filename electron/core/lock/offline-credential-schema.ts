import { z } from 'zod';

/**
 * The stored shape of an offline credential. It is parsed on every load because it lives on disk
 * where anything may have changed it.
 *
 * Two versions are read: version 1 (written by consoles before the credential was bound to the
 * keychain) and version 2 (bound: `binding` is a MAC under a key derived from the keychain share,
 * credential-binding.ts). Only version 2 is written.
 *
 * The scrypt parameters are bounded on both sides. Below: a floor that the key custody passes
 * (the product's default in production; tests pass a cheaper one), so an edited file cannot make
 * the verifier cheap to attack. Above: at most 256 MiB of scrypt memory (128·N·r) and a small p,
 * so an edited file cannot make an unlock cost gigabytes or minutes before it can say "wrong password".
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

/** The most scrypt memory a stored credential may ask for: 128·N·r bytes. */
export const MAX_SCRYPT_MEMORY_BYTES = 256 * 1024 * 1024;
/** Cheapest parameters any code path accepts, even in tests. */
const ABSOLUTE_MIN_N = 2 ** 10;

export const ScryptParamsSchema = z
  .object({
    N: powerOfTwo.min(ABSOLUTE_MIN_N),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(4),
  })
  .refine(({ N, r }) => 128 * N * r <= MAX_SCRYPT_MEMORY_BYTES, 'asks for more than 256 MiB of scrypt memory');
export type ScryptParams = z.infer<typeof ScryptParamsSchema>;

/** True when `params` cost at least as much as `floor` (memory and rounds). */
export function meetsScryptFloor(params: ScryptParams, floor: ScryptParams): boolean {
  return params.N * params.r >= floor.N * floor.r && params.N >= floor.N && params.p >= 1;
}

const common = {
  kdf: z.object({
    name: z.literal('scrypt'),
    params: ScryptParamsSchema,
    salt: base64(16),
  }),
  /** When the technician last signed in online; offline-age.ts limits how long this is honoured. */
  createdAt: z.iso.datetime(),
  /** HMAC-SHA256 under the verifier subkey; proves the password without touching the wrap key. */
  verifier: base64(32),
  /** The password's share of the SQLCipher key, AES-256-GCM under the wrap subkey. */
  wrappedKey: z.object({
    iv: base64(12),
    tag: base64(16),
    ciphertext: base64(32),
  }),
};

const CredentialV1Schema = z.object({ version: z.literal(1), ...common });
const CredentialV2Schema = z.object({
  version: z.literal(2),
  ...common,
  /** HMAC-SHA256 over every other field and the owner, under a key derived from the keychain share. */
  binding: base64(32),
});

/** Structure only: any version, any parameters within the absolute bounds. */
export const OfflineCredentialSchema = z.discriminatedUnion('version', [CredentialV1Schema, CredentialV2Schema]);
/** What the verifier needs: the binding is the key custody's business (checked before the verifier runs). */
export const VerifiableCredentialSchema = z.discriminatedUnion('version', [CredentialV1Schema, CredentialV2Schema.extend({ binding: base64(32).optional() })]);
export type OfflineCredential = z.infer<typeof OfflineCredentialSchema>;
export type OfflineCredentialV2 = z.infer<typeof CredentialV2Schema>;
/** What the binding MAC covers and the verifier's HMAC is computed over. */
export type UnboundCredential = Omit<OfflineCredentialV2, 'binding'>;

/** Version 1 credentials were written with N = 2^15, r = 8, p = 1; they keep being read at that cost. */
export const LEGACY_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/**
 * The stored-file schema with the product's floor: version 2 must cost at least `floor`; version 1
 * at least the legacy parameters it was written with (or the floor, when that is lower, as in tests).
 */
export function storedCredentialSchema(floor: ScryptParams) {
  const legacyFloor = floor.N * floor.r < LEGACY_SCRYPT_PARAMS.N * LEGACY_SCRYPT_PARAMS.r ? floor : LEGACY_SCRYPT_PARAMS;
  return OfflineCredentialSchema.refine(
    (credential) => meetsScryptFloor(credential.kdf.params, credential.version === 2 ? floor : legacyFloor),
    'its scrypt parameters are below the minimum this console accepts',
  );
}
