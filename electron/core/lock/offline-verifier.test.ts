import { describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import type { ErrorCode } from '#shared/errors.ts';
import { bindCredential } from './credential-binding.ts';
import { createOfflineCredential, createVersion1Credential, parseOfflineCredential, unlockOffline } from './offline-verifier.ts';
import type { OfflineCredential } from './offline-verifier.ts';

// Small scrypt cost keeps the suite fast; one test below exercises the production default.
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const PASSWORD = 'correct horse battery staple';
const SIGNED_IN = new Date('2026-11-20T09:30:00.000Z');
const OWNER = { origin: 'https://cc.example.test', userId: 'u-1' };
const SHARE = '0f'.repeat(32);

/** As the key custody stores it: bound to a keychain share (credential-binding.ts). */
async function make(password = PASSWORD, key = KEY): Promise<OfflineCredential> {
  return bindCredential(await createOfflineCredential(password, key, { now: () => SIGNED_IN, scryptParams: FAST }), OWNER, SHARE);
}

/** Flips the lowest bit of the first decoded byte, keeping the field's length and encoding valid. */
function flip(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64');
}

async function expectFailure(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isConsoleError(error, code), `expected ConsoleError ${code}, got ${String(error)}`).toBe(true);
}

describe('createOfflineCredential / unlockOffline', () => {
  it('round-trips the cache key with the right password, also after JSON storage', async () => {
    const credential = await make();
    expect(await unlockOffline(credential, PASSWORD)).toEqual({ cacheKeyHex: KEY });
    const reloaded = parseOfflineCredential(JSON.parse(JSON.stringify(credential)));
    expect(await unlockOffline(reloaded, PASSWORD)).toEqual({ cacheKeyHex: KEY });
  });

  it('records the last online sign-in time and the scrypt parameters', async () => {
    const credential = await make();
    expect(credential.version).toBe(2);
    expect(credential.createdAt).toBe('2026-11-20T09:30:00.000Z');
    expect(credential.kdf).toMatchObject({ name: 'scrypt', params: FAST });
  });

  it('works with the production default scrypt cost (N=2^17, r=8, p=1)', async () => {
    const credential = await createOfflineCredential(PASSWORD, KEY);
    expect(credential.kdf.params).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(await unlockOffline(credential, PASSWORD)).toEqual({ cacheKeyHex: KEY });
  });

  it('still reads what consoles before the keychain binding wrote (version 1)', async () => {
    const credential = await createVersion1Credential(PASSWORD, KEY, { now: () => SIGNED_IN, scryptParams: FAST });
    expect(credential.version).toBe(1);
    const reloaded = parseOfflineCredential(JSON.parse(JSON.stringify(credential)), FAST);
    expect(await unlockOffline(reloaded, PASSWORD)).toEqual({ cacheKeyHex: KEY });
    // The version is covered by the verifier: relabelling a version 1 file as version 2 does not verify.
    await expectFailure(unlockOffline({ ...credential, version: 2 } as unknown as OfflineCredential, PASSWORD), 'invalid-credentials');
  });

  it('rejects a wrong password with the exact message', async () => {
    const credential = await make();
    const error = await unlockOffline(credential, 'correct horse battery stapler').catch((caught: unknown) => caught);
    expect(isConsoleError(error, 'invalid-credentials')).toBe(true);
    expect((error as Error).message).toBe('That password does not match the one used at your last online sign-in.');
  });

  it('treats canonically equivalent Unicode spellings of a password as the same password', async () => {
    const credential = await make('caf\u00e9-pass');
    expect(await unlockOffline(credential, 'cafe\u0301-pass')).toEqual({ cacheKeyHex: KEY });
  });

  it('does not store the key or the password in readable form', async () => {
    const credential = await make();
    const json = JSON.stringify(credential);
    expect(json).not.toContain(KEY);
    expect(json.toLowerCase()).not.toContain(KEY.slice(0, 16));
    expect(json).not.toContain(Buffer.from(KEY, 'hex').toString('base64'));
    expect(json).not.toContain(PASSWORD);
    expect(Buffer.from(credential.wrappedKey.ciphertext, 'base64').toString('hex')).not.toBe(KEY);
  });

  it('uses a fresh salt and iv for every credential', async () => {
    const [first, second] = await Promise.all([make(), make()]);
    expect(first.kdf.salt).not.toBe(second.kdf.salt);
    expect(first.wrappedKey.iv).not.toBe(second.wrappedKey.iv);
    expect(first.verifier).not.toBe(second.verifier);
  });

  it('refuses an empty password, a malformed key or weak scrypt parameters', async () => {
    await expectFailure(make(''), 'invalid-input');
    await expectFailure(make(PASSWORD, 'not-hex'), 'invalid-input');
    await expectFailure(make(PASSWORD, KEY.slice(2)), 'invalid-input');
    await expectFailure(createOfflineCredential(PASSWORD, KEY, { scryptParams: { N: 2 ** 4, r: 8, p: 1 } }), 'invalid-input');
  });
});

describe('tampered credentials', () => {
  // Fields that feed the HMAC: without the password a change is indistinguishable from a wrong one.
  const headerTampers: Record<string, (credential: OfflineCredential) => OfflineCredential> = {
    verifier: (c) => ({ ...c, verifier: flip(c.verifier) }),
    salt: (c) => ({ ...c, kdf: { ...c.kdf, salt: flip(c.kdf.salt) } }),
    'scrypt N': (c) => ({ ...c, kdf: { ...c.kdf, params: { ...c.kdf.params, N: 2 ** 11 } } }),
    createdAt: (c) => ({ ...c, createdAt: '2026-11-23T09:30:00.000Z' }),
  };
  for (const [field, tamper] of Object.entries(headerTampers)) {
    it(`answers a changed ${field} as a wrong password`, async () => {
      const credential = await make();
      await expectFailure(unlockOffline(tamper(credential), PASSWORD), 'invalid-credentials');
    });
  }

  // The password is proven right, so a GCM failure means the stored wrapped key is damaged.
  const wrapTampers: Record<string, (credential: OfflineCredential) => OfflineCredential> = {
    ciphertext: (c) => ({ ...c, wrappedKey: { ...c.wrappedKey, ciphertext: flip(c.wrappedKey.ciphertext) } }),
    iv: (c) => ({ ...c, wrappedKey: { ...c.wrappedKey, iv: flip(c.wrappedKey.iv) } }),
    tag: (c) => ({ ...c, wrappedKey: { ...c.wrappedKey, tag: flip(c.wrappedKey.tag) } }),
  };
  for (const [field, tamper] of Object.entries(wrapTampers)) {
    it(`reports a changed ${field} as a damaged credential`, async () => {
      const credential = await make();
      await expectFailure(unlockOffline(tamper(credential), PASSWORD), 'cache-corrupt');
    });
  }

  it('still says "wrong password" for a wrong password on a damaged wrapped key', async () => {
    const credential = await make();
    await expectFailure(unlockOffline(wrapTampers.ciphertext!(credential), 'guess'), 'invalid-credentials');
  });

  it('reports malformed stored values as damaged, before running scrypt', async () => {
    const credential = await make();
    const malformed: unknown[] = [
      null,
      { ...credential, version: 3 },
      { ...credential, verifier: credential.verifier.slice(4) },
      { ...credential, createdAt: 'yesterday' },
      { ...credential, kdf: { ...credential.kdf, params: { N: 2 ** 30, r: 8, p: 1 } } },
      { ...credential, wrappedKey: { iv: credential.wrappedKey.iv, tag: credential.wrappedKey.tag } },
    ];
    for (const value of malformed) {
      expect(() => parseOfflineCredential(value)).toThrow(expect.toSatisfy((error) => isConsoleError(error, 'cache-corrupt')));
      await expectFailure(unlockOffline(value as OfflineCredential, PASSWORD), 'cache-corrupt');
    }
    // A stored version 2 file must carry its binding (the key custody checks it before the verifier runs).
    expect(() => parseOfflineCredential({ ...credential, binding: undefined })).toThrow(expect.toSatisfy((error) => isConsoleError(error, 'cache-corrupt')));
  });
});
