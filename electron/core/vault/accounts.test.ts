import { describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { generateCacheKeyHex, vaultAccount } from './accounts.ts';

describe('vaultAccount', () => {
  it('names an entry by normalized origin, user id and kind', () => {
    expect(vaultAccount('https://cc.example.com', 'u-42', 'session-token')).toBe('https://cc.example.com|u-42|session-token');
  });

  it('gives the same name for every spelling of one server', () => {
    const spellings = ['https://CC.Example.com', 'https://cc.example.com:443/', 'https://cc.example.com/api/auth/login?x=1'];
    const names = spellings.map((origin) => vaultAccount(origin, '7', 'cache-key'));
    expect(new Set(names)).toEqual(new Set(['https://cc.example.com|7|cache-key']));
  });

  it('keeps a non-default port and the scheme', () => {
    expect(vaultAccount('https://cc.example.com:8443', '7', 'cache-key')).toBe('https://cc.example.com:8443|7|cache-key');
    expect(vaultAccount('http://127.0.0.1:8080', '7', 'cache-key')).toBe('http://127.0.0.1:8080|7|cache-key');
  });

  it('encodes the separator inside a user id so names cannot collide', () => {
    expect(vaultAccount('https://a.example', 'x|y', 'session-token')).toBe('https://a.example|x%7Cy|session-token');
  });

  it('refuses what is not an http(s) origin or lacks a user id', () => {
    for (const origin of ['not a url', 'file:///etc/passwd', 'ftp://cc.example.com']) {
      expect(() => vaultAccount(origin, '1', 'cache-key')).toThrow(expect.toSatisfy((error) => isConsoleError(error, 'invalid-input')));
    }
    expect(() => vaultAccount('https://cc.example.com', '', 'cache-key')).toThrow(expect.toSatisfy((error) => isConsoleError(error, 'invalid-input')));
  });
});

describe('generateCacheKeyHex', () => {
  it('returns 32 random bytes as 64 hex digits', () => {
    const first = generateCacheKeyHex();
    const second = generateCacheKeyHex();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(first).not.toBe(second);
  });
});
