import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { createKeychainVault } from './keychain-vault.ts';

const runFile = promisify(execFile);

// Keychain tests run against the real Secret Service. Without one they fail, so a broken
// environment is never mistaken for a pass; CC_SKIP_KEYCHAIN_TESTS=1 opts out explicitly.
const skipKeychain = process.env.CC_SKIP_KEYCHAIN_TESTS === '1';
if (skipKeychain) console.warn('keychain-vault tests skipped: CC_SKIP_KEYCHAIN_TESTS=1');

describe.skipIf(skipKeychain)(`keychain vault (real Secret Service)${skipKeychain ? ' — skipped: CC_SKIP_KEYCHAIN_TESTS=1' : ''}`, () => {
  const service = `central-console-test-${randomBytes(6).toString('hex')}`;
  const vault = createKeychainVault(service);
  const created = new Set<string>();

  afterAll(async () => {
    await Promise.allSettled([...created].map((account) => vault.delete(account)));
  });

  it('stores, reads back and deletes a secret', async () => {
    const account = 'https://cc.example.com|42|session-token';
    created.add(account);
    expect(await vault.get(account)).toBeNull();

    await vault.set(account, 'token-value-1');
    expect(await vault.get(account)).toBe('token-value-1');

    await vault.set(account, 'token-value-2');
    expect(await vault.get(account)).toBe('token-value-2');

    expect(await vault.delete(account)).toBe(true);
    expect(await vault.get(account)).toBeNull();
    expect(await vault.delete(account)).toBe(false);
  });

  it('keeps entries of different accounts and services apart', async () => {
    const first = 'https://cc.example.com|1|cache-key';
    const second = 'https://cc.example.com|2|cache-key';
    created.add(first).add(second);
    await vault.set(first, 'a'.repeat(64));
    await vault.set(second, 'b'.repeat(64));

    expect(await vault.get(first)).toBe('a'.repeat(64));
    expect(await vault.get(second)).toBe('b'.repeat(64));
    expect(await createKeychainVault(`${service}-other`).get(first)).toBeNull();
  });

  it('rejects an empty account name', async () => {
    await expect(vault.get('')).rejects.toSatisfy((error) => isConsoleError(error, 'invalid-input'));
  });
});

const notLinux = process.platform !== 'linux';
describe.skipIf(notLinux)(`keychain vault without a session bus${notLinux ? ' — skipped: only Linux reaches its keychain over a D-Bus session bus' : ''}`, () => {
  it('reports keychain-unavailable instead of falling back to another store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-no-bus-'));
    try {
      const vaultUrl = new URL('./keychain-vault.ts', import.meta.url).href;
      const script = `
        const { createKeychainVault } = await import(${JSON.stringify(vaultUrl)});
        try {
          await createKeychainVault('central-console-test-no-bus').get('any');
          console.log(JSON.stringify({ outcome: 'resolved' }));
        } catch (error) {
          console.log(JSON.stringify({ outcome: 'rejected', code: error.code, message: error.message }));
        }`;
      const { stdout } = await runFile(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}` },
      });
      const result = JSON.parse(stdout.trim()) as { outcome: string; code?: string; message?: string };
      expect(result.outcome).toBe('rejected');
      expect(result.code).toBe('keychain-unavailable');
      expect(result.message).toMatch(/^The system keychain is not available \(.+\)\. Unlock your keyring and try again\.$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
