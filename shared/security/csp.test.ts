import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspWeaknesses, parseContentSecurityPolicy } from './csp.ts';

describe('contentSecurityPolicy', () => {
  it('is strict for the Electron shell: self only, nothing inline, no eval', () => {
    const csp = contentSecurityPolicy({ shell: 'electron' });
    expect(cspWeaknesses(csp)).toEqual([]);
    const policy = parseContentSecurityPolicy(csp);
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'none'"],
    });
    expect(csp).not.toMatch(/unsafe/);
  });

  it('adds only the web shell its own loopback WebSocket', () => {
    const csp = contentSecurityPolicy({ shell: 'web', port: 41234 });
    expect(cspWeaknesses(csp)).toEqual([]);
    expect(parseContentSecurityPolicy(csp).get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:41234']);
    expect(parseContentSecurityPolicy(csp).get('script-src')).toEqual(["'self'"]);
  });

  it('refuses a port that is not one', () => {
    expect(() => contentSecurityPolicy({ shell: 'web', port: 0 })).toThrow(RangeError);
    expect(() => contentSecurityPolicy({ shell: 'web', port: 70_000 })).toThrow(RangeError);
  });
});

describe('cspWeaknesses', () => {
  it.each([
    ["default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'", "script-src allows 'unsafe-inline'"],
    ["default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'", "script-src allows 'unsafe-eval'"],
    ["default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'", "style-src allows 'unsafe-inline'"],
    ["default-src 'self'; script-src 'self'; connect-src 'self' https://evil.example; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'", 'connect-src allows https://evil.example'],
    ["default-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'", "object-src is not 'none'"],
    ["default-src *; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'", 'default-src allows *'],
  ])('finds the weakness in %s', (header, weakness) => {
    expect(cspWeaknesses(header)).toContain(weakness);
  });
});
