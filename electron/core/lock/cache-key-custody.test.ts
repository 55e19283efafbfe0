import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import { generateCacheKeyHex, vaultAccount } from '../vault/accounts.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import { createMemoryVault } from '../vault/memory-vault.ts';
import { createCacheKeyCustody, offlineUnlockPaths } from './cache-key-custody.ts';
import { bindCredential } from './credential-binding.ts';
import { createOfflineCredential, createVersion1Credential, parseOfflineCredential } from './offline-verifier.ts';

// Custody with an in-memory keychain (the real one has its own tests and is used end to end in
// tests/integration/offline-unlock.test.ts) and real credential files.
const OWNER = { origin: 'https://cc.example.test', userId: 'u-1', username: 'tech' };
const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
const shareAccount = vaultAccount(OWNER.origin, OWNER.userId, 'cache-key-share');
const legacyAccount = vaultAccount(OWNER.origin, OWNER.userId, 'cache-key');

let dir: string;
let cacheFile: string;
let entries: Map<string, string>;
let clock: number;

let vault: Vault;
/** Stands in for opening the cache: every key "opens" it, so these tests see the key itself. */
const echo = async (keyHex: string) => keyHex;
const custody = () => createCacheKeyCustody({ vault, now: () => clock, scryptParams: FAST_SCRYPT });

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isConsoleError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConsoleError');
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cc-custody-'));
  cacheFile = path.join(dir, 'caches', 'profile.sqlite');
  entries = new Map();
  vault = createMemoryVault(entries);
  clock = Date.parse('2026-11-23T09:00:00Z');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cache key custody', () => {
  it('keeps neither the key nor anything that opens it in the keychain or in the credential file alone', async () => {
    const { cacheKeyHex, replacedBecause } = await custody().seal(OWNER, cacheFile, 'Harbor!Lantern47');
    expect(replacedBecause).toBeNull();
    const keychainShare = entries.get(shareAccount);
    expect(keychainShare).toMatch(/^2:[0-9a-f]{64}$/);
    expect(keychainShare).not.toContain(cacheKeyHex);
    const credentialText = await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8');
    expect(credentialText).not.toContain(cacheKeyHex);
    expect(credentialText).not.toContain(keychainShare!.slice(2));
    expect(entries.has(legacyAccount)).toBe(false);
    expect(await custody().unseal(OWNER, cacheFile, 'Harbor!Lantern47', 7, echo)).toBe(cacheKeyHex);
  });

  it('keeps the same key across online sign-ins while re-sealing it with a fresh salt and window', async () => {
    const first = await custody().seal(OWNER, cacheFile, 'pw-one');
    const firstCredential = await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8');
    clock += 60_000;
    const second = await custody().seal(OWNER, cacheFile, 'pw-one');
    expect(second).toEqual({ cacheKeyHex: first.cacheKeyHex, replacedBecause: null });
    const secondCredential = JSON.parse(await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8'));
    expect(secondCredential.kdf.salt).not.toBe(JSON.parse(firstCredential).kdf.salt);
    expect(secondCredential.createdAt).toBe(new Date(clock).toISOString());
  });

  it('splits the whole key an earlier console kept in the keychain, so its cache stays readable', async () => {
    const legacyKey = generateCacheKeyHex();
    entries.set(legacyAccount, legacyKey);
    expect(await custody().seal(OWNER, cacheFile, 'pw')).toEqual({ cacheKeyHex: legacyKey, replacedBecause: null });
    expect(entries.has(legacyAccount)).toBe(false);
    expect(await custody().unseal(OWNER, cacheFile, 'pw', 7, echo)).toBe(legacyKey);
  });

  it('gives a new key, and says why, when the password changed on the server', async () => {
    const first = await custody().seal(OWNER, cacheFile, 'old password');
    const second = await custody().seal(OWNER, cacheFile, 'new password');
    expect(second.cacheKeyHex).not.toBe(first.cacheKeyHex);
    expect(second.replacedBecause).toMatch(/password changed/);
    expect(await custody().unseal(OWNER, cacheFile, 'new password', 7, echo)).toBe(second.cacheKeyHex);
  });

  it('gives a new key when the keychain lost its share, or the credential file is damaged', async () => {
    await custody().seal(OWNER, cacheFile, 'pw');
    entries.delete(shareAccount);
    expect((await custody().seal(OWNER, cacheFile, 'pw')).replacedBecause).toMatch(/no longer in the keychain/);
    await writeFile(offlineUnlockPaths(cacheFile).credential, '{"version":1,"kdf":');
    expect((await custody().seal(OWNER, cacheFile, 'pw')).replacedBecause).toMatch(/damaged/);
  });

  it('refuses offline unlock with no saved credential, a lost keychain share, or a damaged file, each saying what to do', async () => {
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('no saved offline sign-in for tech') });
    await custody().seal(OWNER, cacheFile, 'pw');
    entries.delete(shareAccount);
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('keychain entry') });
    clock += 1_000;
    await custody().seal(OWNER, cacheFile, 'pw');
    await writeFile(offlineUnlockPaths(cacheFile).credential, 'not json');
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('damaged') });
  });

  it('keeps the growing delay across restarts of the console', async () => {
    await custody().seal(OWNER, cacheFile, 'pw');
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'wrong', 7, echo))).toMatchObject({ code: 'invalid-credentials', message: expect.stringContaining('Wait 1 s'), details: { retryAfterSeconds: 1 } });
    clock += 1_000;
    expect((await failureOf(custody().unseal(OWNER, cacheFile, 'wrong', 7, echo))).code).toBe('invalid-credentials');
    // A new custody (a relaunched console) still remembers two failures: 2 s to wait.
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ code: 'rate-limited', details: { retryAfterSeconds: 2 } });
    clock += 2_000;
    expect(await custody().unseal(OWNER, cacheFile, 'pw', 7, echo)).toMatch(/^[0-9a-f]{64}$/);
    // Success resets the count: the next wrong password waits only 1 s.
    await failureOf(custody().unseal(OWNER, cacheFile, 'wrong', 7, echo));
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ details: { retryAfterSeconds: 1 } });
  });

  it('honours the offline window from the last online sign-in, and a new sign-in opens a new one', async () => {
    await custody().seal(OWNER, cacheFile, 'pw');
    clock += 3 * 24 * 3_600_000;
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 3, echo))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('3 days') });
    await custody().seal(OWNER, cacheFile, 'pw');
    expect(await custody().unseal(OWNER, cacheFile, 'pw', 3, echo)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('forgets everything of the profile on "remove local data"', async () => {
    entries.set(legacyAccount, generateCacheKeyHex());
    await custody().seal(OWNER, cacheFile, 'pw');
    await failureOf(custody().unseal(OWNER, cacheFile, 'wrong', 7, echo));
    await custody().forget(OWNER, cacheFile);
    expect(entries.size).toBe(0);
    await expect(readFile(offlineUnlockPaths(cacheFile).credential)).rejects.toThrow(/ENOENT/);
    await expect(readFile(offlineUnlockPaths(cacheFile).throttle)).rejects.toThrow(/ENOENT/);
  });

  it('refuses, before any password is tried, a credential edited on disk or swapped in from another profile', async () => {
    await custody().seal(OWNER, cacheFile, 'pw');
    const credentialPath = offlineUnlockPaths(cacheFile).credential;
    const stored = JSON.parse(await readFile(credentialPath, 'utf8'));
    // Stretching the offline window: without the binding, this would be "wrong password" after a scrypt run.
    await writeFile(credentialPath, JSON.stringify({ ...stored, createdAt: new Date(clock + DAY_MS).toISOString() }));
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('was changed'), details: { retryAfterSeconds: 1 } });
    clock += 1_000;
    const other = { ...OWNER, userId: 'u-2' };
    const otherFile = path.join(dir, 'caches', 'other.sqlite');
    await custody().seal(other, otherFile, 'pw');
    await writeFile(credentialPath, await readFile(offlineUnlockPaths(otherFile).credential));
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('was changed') });
  });

  it('refuses a credential made for another password whose key does not open the cache, and counts it as a failure', async () => {
    const { cacheKeyHex } = await custody().seal(OWNER, cacheFile, 'real password');
    const opensOnlyTheRealCache = async (keyHex: string) => {
      if (keyHex !== cacheKeyHex) throw new ConsoleError('cache-wrong-key', 'The local cache was locked with a different key.');
      return keyHex;
    };
    // Someone who can read this keychain (same OS user on Linux) forges a bound file for their own password.
    const share = entries.get(shareAccount)!.slice(2);
    const forged = bindCredential(await createOfflineCredential('attacker', generateCacheKeyHex(), { now: () => new Date(clock), scryptParams: FAST_SCRYPT }), OWNER, share);
    await writeFile(offlineUnlockPaths(cacheFile).credential, JSON.stringify(forged));
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'attacker', 7, opensOnlyTheRealCache))).toMatchObject({
      code: 'offline-unlock-refused',
      message: expect.stringContaining('does not open the local data'),
      details: { retryAfterSeconds: 1 },
    });
    expect((await failureOf(custody().unseal(OWNER, cacheFile, 'attacker', 7, opensOnlyTheRealCache))).code).toBe('rate-limited');
  });

  it('still unlocks with a version 1 credential an earlier console wrote, and replaces it at the next online sign-in', async () => {
    const key = generateCacheKeyHex();
    const passwordShare = generateCacheKeyHex();
    const v1 = await createVersion1Credential('pw', passwordShare, { now: () => new Date(clock), scryptParams: FAST_SCRYPT });
    await mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFile(offlineUnlockPaths(cacheFile).credential, JSON.stringify(v1));
    entries.set(shareAccount, xor(key, passwordShare));
    expect(await custody().unseal(OWNER, cacheFile, 'pw', 7, echo)).toBe(key);
    expect(await custody().seal(OWNER, cacheFile, 'pw')).toEqual({ cacheKeyHex: key, replacedBecause: null });
    expect(JSON.parse(await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8')).version).toBe(2);
    // Once bound, a version 1 file (no binding to check) can no longer stand in for it.
    await writeFile(offlineUnlockPaths(cacheFile).credential, JSON.stringify(v1));
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('was changed') });
  });

  it('refuses stored scrypt parameters below its floor or above 256 MiB, without running them', async () => {
    const floored = createCacheKeyCustody({ vault, now: () => clock, scryptParams: { N: 4096, r: 8, p: 1 } });
    await createCacheKeyCustody({ vault, now: () => clock, scryptParams: FAST_SCRYPT }).seal(OWNER, cacheFile, 'pw');
    expect(await failureOf(floored.unseal(OWNER, cacheFile, 'pw', 7, echo))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('damaged') });
    const stored = JSON.parse(await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8'));
    for (const params of [{ N: 2 ** 20, r: 8, p: 1 }, { N: 2 ** 18, r: 16, p: 1 }]) {
      expect(parseSafely({ ...stored, kdf: { ...stored.kdf, params } })).toBe(false);
    }
    expect(parseSafely({ ...stored, kdf: { ...stored.kdf, params: { N: 2 ** 18, r: 8, p: 1 } } })).toBe(true);
  });
});

const DAY_MS = 24 * 3_600_000;

function parseSafely(value: unknown): boolean {
  try {
    parseOfflineCredential(value, FAST_SCRYPT);
    return true;
  } catch {
    return false;
  }
}

function xor(a: string, b: string): string {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return Buffer.from(left.map((byte, index) => byte ^ right[index]!)).toString('hex');
}
