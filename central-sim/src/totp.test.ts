import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, totpCode, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII string "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const RFC_VECTORS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('base32', () => {
  it('encodes the RFC 6238 seed to the well-known secret', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('round-trips arbitrary bytes and accepts lower case and padding', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7, 8]);
    const encoded = base32Encode(bytes);
    expect(base32Decode(encoded)).toEqual(bytes);
    expect(base32Decode(encoded.toLowerCase() + '===')).toEqual(bytes);
  });

  it('rejects characters outside the alphabet', () => {
    expect(() => base32Decode('ABC1')).toThrow(/invalid base32/);
  });
});

describe('totpCode', () => {
  it.each(RFC_VECTORS)('matches RFC 6238 at T=%i (8 digits)', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, 8)).toBe(code);
  });

  it.each(RFC_VECTORS)('gives the last 6 digits by default at T=%i', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code.slice(-6));
  });
});

describe('verifyTotp', () => {
  const now = 1_111_111_111_000;

  it('accepts the current step and one step either side, nothing further', () => {
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now), now)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBe(false);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now)).toBe(false);
  });

  it('honours a wider window when asked', () => {
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now, 2)).toBe(true);
  });

  it('rejects empty, malformed and wrong codes', () => {
    expect(verifyTotp(RFC_SECRET, '', now)).toBe(false);
    expect(verifyTotp('', '123456', now)).toBe(false);
    expect(verifyTotp(RFC_SECRET, ` ${totpCode(RFC_SECRET, now)}`, now)).toBe(false);
    const wrong = String((Number(totpCode(RFC_SECRET, now)) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(RFC_SECRET, wrong, now)).toBe(false);
  });
});
