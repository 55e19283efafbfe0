import { describe, expect, it } from 'vitest';
import { normalizeServerOrigin } from './origin.ts';
import { ConsoleError } from '../errors.ts';

function rejection(input: string): ConsoleError {
  try {
    normalizeServerOrigin(input);
  } catch (error) {
    if (error instanceof ConsoleError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('normalizeServerOrigin', () => {
  it.each([
    ['central.example.com', 'https://central.example.com'],
    ['  central.example.com  ', 'https://central.example.com'],
    ['HTTPS://Central.Example.COM', 'https://central.example.com'],
    ['https://central.example.com/', 'https://central.example.com'],
    ['https://central.example.com:443', 'https://central.example.com'],
    ['http://127.0.0.1:80/', 'http://127.0.0.1'],
    ['https://central.example.com:8443/login?next=/x#top', 'https://central.example.com:8443'],
    ['central.example.com:8443/api/', 'https://central.example.com:8443'],
    ['localhost:8443', 'https://localhost:8443'],
    ['https://[::1]:9443/', 'https://[::1]:9443'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeServerOrigin(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = normalizeServerOrigin('Central.Example.com:8443/x');
    expect(normalizeServerOrigin(once)).toBe(once);
  });

  it('rejects an empty address', () => {
    const error = rejection('   ');
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/Enter the address/);
  });

  it.each(['ftp://central.example.com', 'file:///etc/passwd', 'ws://central.example.com', 'javascript://alert(1)'])('rejects the scheme of %s', (input) => {
    const error = rejection(input);
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/must start with https:\/\//);
  });

  it('rejects credentials in the address without repeating them', () => {
    const error = rejection('https://tech:S3cret!pw@central.example.com');
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/Remove the user name and password/);
    expect(error.message).not.toContain('S3cret');
  });

  it('rejects a user name alone', () => {
    expect(rejection('https://tech@central.example.com').code).toBe('invalid-input');
  });

  it.each(['https://', 'https://exa mple.com', 'https://central.example.com:99999', 'https://user:pass word@host'])('rejects the malformed %s', (input) => {
    const error = rejection(input);
    expect(error.code).toBe('invalid-input');
    expect(error.message).not.toContain('pass word');
  });
});
