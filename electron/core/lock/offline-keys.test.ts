import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOfflineCredential } from './offline-verifier.ts';
import { deriveOfflineSubkeys } from './offline-keys.ts';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const SALT = Buffer.alloc(16, 7);

describe('deriveOfflineSubkeys', () => {
  it('derives two different 32-byte keys, deterministically', async () => {
    const first = await deriveOfflineSubkeys('pw', SALT, FAST);
    const again = await deriveOfflineSubkeys('pw', SALT, FAST);
    expect(first.verifierKey).toHaveLength(32);
    expect(first.wrapKey).toHaveLength(32);
    expect(first.verifierKey.equals(first.wrapKey)).toBe(false);
    expect(again.verifierKey.equals(first.verifierKey)).toBe(true);
    expect(again.wrapKey.equals(first.wrapKey)).toBe(true);
  });

  it('depends on the password, the salt and the cost', async () => {
    const base = await deriveOfflineSubkeys('pw', SALT, FAST);
    const variants = await Promise.all([
      deriveOfflineSubkeys('pw2', SALT, FAST),
      deriveOfflineSubkeys('pw', Buffer.alloc(16, 8), FAST),
      deriveOfflineSubkeys('pw', SALT, { ...FAST, N: 2 ** 11 }),
    ]);
    for (const variant of variants) expect(variant.wrapKey.equals(base.wrapKey)).toBe(false);
  });
});

describe('stored verifier', () => {
  it('cannot be used as the key that unwraps the cache key', async () => {
    const credential = await createOfflineCredential('pw', 'ab'.repeat(32), { scryptParams: FAST });
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(credential.verifier, 'base64'), Buffer.from(credential.wrappedKey.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(credential.wrappedKey.tag, 'base64'));
    decipher.update(Buffer.from(credential.wrappedKey.ciphertext, 'base64'));
    expect(() => decipher.final()).toThrow();
  });
});
