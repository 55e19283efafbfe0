import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A launch code or page secret: 32 random bytes, base64url (43 characters, safe in a URL and an HTML attribute). */
export function createLaunchSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time for equal lengths; a different length is refused without comparing contents. */
export function secretMatches(expected: string, given: string): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  const givenBytes = Buffer.from(given, 'utf8');
  if (expectedBytes.length !== givenBytes.length) return false;
  return timingSafeEqual(expectedBytes, givenBytes);
}
