import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { generateCacheKeyHex, vaultAccount } from '../vault/accounts.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import { createMemoryVault } from '../vault/memory-vault.ts';
import { createCacheKeyCustody, offlineUnlockPaths } from './cache-key-custody.ts';

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
    expect(keychainShare).toMatch(/^[0-9a-f]{64}$/);
    expect(keychainShare).not.toBe(cacheKeyHex);
    const credentialText = await readFile(offlineUnlockPaths(cacheFile).credential, 'utf8');
    expect(credentialText).not.toContain(cacheKeyHex);
    expect(credentialText).not.toContain(keychainShare);
    expect(entries.has(legacyAccount)).toBe(false);
    expect(await custody().unseal(OWNER, cacheFile, 'Harbor!Lantern47', 7)).toBe(cacheKeyHex);
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
    expect(await custody().unseal(OWNER, cacheFile, 'pw', 7)).toBe(legacyKey);
  });

  it('gives a new key, and says why, when the password changed on the server', async () => {
    const first = await custody().seal(OWNER, cacheFile, 'old password');
    const second = await custody().seal(OWNER, cacheFile, 'new password');
    expect(second.cacheKeyHex).not.toBe(first.cacheKeyHex);
    expect(second.replacedBecause).toMatch(/password changed/);
    expect(await custody().unseal(OWNER, cacheFile, 'new password', 7)).toBe(second.cacheKeyHex);
  });

  it('gives a new key when the keychain lost its share, or the credential file is damaged', async () => {
    await custody().seal(OWNER, cacheFile, 'pw');
    entries.delete(shareAccount);
    expect((await custody().seal(OWNER, cacheFile, 'pw')).replacedBecause).toMatch(/no longer in the keychain/);
    await writeFile(offlineUnlockPaths(cacheFile).credential, '{"version":1,"kdf":');
    expect((await custody().seal(OWNER, cacheFile, 'pw')).replacedBecause).toMatch(/damaged/);
  });

  it('refuses offline unlock with no saved credential, a lost keychain share, or a damaged file, each saying what to do', async () => {
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('no saved offline sign-in for tech') });
    await custody().seal(OWNER, cacheFile, 'pw');
    entries.delete(shareAccount);
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('keychain entry') });
    await writeFile(offlineUnlockPaths(cacheFile).credential, 'not json');
    expect((await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7))).code).toBe('cache-corrupt');
  });

  it('keeps the growing delay across restarts of the console', async () => {
    await custody().seal(OWNER, cacheFile, 'pw');
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'wrong', 7))).toMatchObject({ code: 'invalid-credentials', message: expect.stringContaining('Wait 1 s'), details: { retryAfterSeconds: 1 } });
    clock += 1_000;
    expect((await failureOf(custody().unseal(OWNER, cacheFile, 'wrong', 7))).code).toBe('invalid-credentials');
    // A new custody (a relaunched console) still remembers two failures: 2 s to wait.
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7))).toMatchObject({ code: 'rate-limited', details: { retryAfterSeconds: 2 } });
    clock += 2_000;
    expect(await custody().unseal(OWNER, cacheFile, 'pw', 7)).toMatch(/^[0-9a-f]{64}$/);
    // Success resets the count: the next wrong password waits only 1 s.
    await failureOf(custody().unseal(OWNER, cacheFile, 'wrong', 7));
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 7))).toMatchObject({ details: { retryAfterSeconds: 1 } });
  });

  it('honours the offline window from the last online sign-in, and a new sign-in opens a new one', async () => {
    await custody().seal(OWNER, cacheFile, 'pw');
    clock += 3 * 24 * 3_600_000;
    expect(await failureOf(custody().unseal(OWNER, cacheFile, 'pw', 3))).toMatchObject({ code: 'offline-unlock-refused', message: expect.stringContaining('3 days') });
    await custody().seal(OWNER, cacheFile, 'pw');
    expect(await custody().unseal(OWNER, cacheFile, 'pw', 3)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('forgets everything of the profile on "remove local data"', async () => {
    entries.set(legacyAccount, generateCacheKeyHex());
    await custody().seal(OWNER, cacheFile, 'pw');
    await failureOf(custody().unseal(OWNER, cacheFile, 'wrong', 7));
    await custody().forget(OWNER, cacheFile);
    expect(entries.size).toBe(0);
    await expect(readFile(offlineUnlockPaths(cacheFile).credential)).rejects.toThrow(/ENOENT/);
    await expect(readFile(offlineUnlockPaths(cacheFile).throttle)).rejects.toThrow(/ENOENT/);
  });
});
