import { describe, expect, it } from 'vitest';
import { isUpdateRefused, type RefusalReason } from './update-refusal.ts';
import { MANIFEST_CLOCK_SKEW_MS, verifyManifest, type ManifestCheck } from './verify-manifest.ts';
import { makeTestKey, RELEASED_AT, signed, testManifest } from './test-support/signing.ts';

const publisher = makeTestKey('publisher-2026');
const nextPublisher = makeTestKey('publisher-2027');
const stranger = makeTestKey('stranger');

function check(manifest: unknown, overrides: Partial<ManifestCheck> = {}, key = publisher): ManifestCheck {
  const { bytes, signature } = signed(manifest, key);
  return {
    manifestBytes: bytes,
    signatureText: signature,
    keys: [publisher.pinned],
    channel: 'latest',
    platform: 'linux',
    currentVersion: '1.4.0',
    serialFloor: 5,
    highWater: null,
    now: new Date(RELEASED_AT.getTime() + 60_000),
    ...overrides,
  };
}

function refusal(run: () => unknown): RefusalReason {
  try {
    run();
  } catch (error) {
    if (isUpdateRefused(error)) return error.reason;
    throw error;
  }
  throw new Error('expected the manifest to be refused');
}

describe('verifyManifest', () => {
  it('offers a newer version signed by a pinned key', () => {
    const verified = verifyManifest(check(testManifest('1.5.0')));
    expect(verified).toMatchObject({ keyId: 'publisher-2026', offer: 'newer', manifest: { version: '1.5.0', serial: 10 } });
    expect(verified.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts any pinned key, so releases signed before and after a rotation both verify', () => {
    const keys = [publisher.pinned, nextPublisher.pinned];
    expect(verifyManifest(check(testManifest('1.5.0'), { keys }, publisher)).keyId).toBe('publisher-2026');
    expect(verifyManifest(check(testManifest('1.5.0'), { keys }, nextPublisher)).keyId).toBe('publisher-2027');
  });

  it('refuses a manifest signed by a key that is not pinned', () => {
    expect(refusal(() => verifyManifest(check(testManifest('1.5.0'), {}, stranger)))).toBe('bad-signature');
  });

  it('refuses a manifest changed after signing, even by one byte of whitespace', () => {
    const valid = check(testManifest('1.5.0'));
    const tampered = Buffer.from(valid.manifestBytes.toString().replace('"1.5.0"', '"1.6.0"'));
    expect(refusal(() => verifyManifest({ ...valid, manifestBytes: tampered }))).toBe('bad-signature');
    const reformatted = Buffer.concat([valid.manifestBytes, Buffer.from(' ')]);
    expect(refusal(() => verifyManifest({ ...valid, manifestBytes: reformatted }))).toBe('bad-signature');
  });

  it('refuses a signature that is not one', () => {
    expect(refusal(() => verifyManifest({ ...check(testManifest('1.5.0')), signatureText: 'not a signature' }))).toBe('bad-signature');
  });

  it('refuses signed content that is not a manifest', () => {
    expect(refusal(() => verifyManifest(check({ hello: 'world' })))).toBe('malformed');
    expect(refusal(() => verifyManifest(check({ ...testManifest('1.5.0'), extra: true })))).toBe('malformed');
    const fileInAnotherFolder = testManifest('1.5.0');
    fileInAnotherFolder.files[0]!.url = '../1.5.0/evil-1.5.0.AppImage';
    expect(refusal(() => verifyManifest(check(fileInAnotherFolder)))).toBe('malformed');
  });

  it('refuses another channel or platform than this console follows', () => {
    expect(refusal(() => verifyManifest(check(testManifest('1.5.0', { channel: 'beta' }))))).toBe('wrong-channel');
    expect(refusal(() => verifyManifest(check(testManifest('1.5.0', { platform: 'win32' }))))).toBe('wrong-platform');
  });

  it('refuses files whose names do not carry the manifest version', () => {
    const manifest = testManifest('1.5.0');
    manifest.files[0]!.url = 'Central Console-1.3.0.AppImage';
    expect(refusal(() => verifyManifest(check(manifest)))).toBe('version-not-bound');
    manifest.files[0]!.url = 'Central Console-1.5.0.1.AppImage';
    expect(refusal(() => verifyManifest(check(manifest)))).toBe('version-not-bound');
  });

  it('never installs a downgrade, even validly signed with a newer serial', () => {
    expect(refusal(() => verifyManifest(check(testManifest('1.3.9', { serial: 99 }))))).toBe('downgrade');
    expect(refusal(() => verifyManifest(check(testManifest('1.4.0-rc.1', { serial: 99 }))))).toBe('downgrade');
  });

  it('treats the installed version as current, with nothing to install', () => {
    expect(verifyManifest(check(testManifest('1.4.0'))).offer).toBe('current');
  });

  it('refuses an expired manifest once the clock skew is used up', () => {
    const manifest = testManifest('1.5.0');
    const expiresAt = Date.parse(manifest.expiresAt);
    expect(verifyManifest(check(manifest, { now: new Date(expiresAt + MANIFEST_CLOCK_SKEW_MS - 1000) })).offer).toBe('newer');
    expect(refusal(() => verifyManifest(check(manifest, { now: new Date(expiresAt + MANIFEST_CLOCK_SKEW_MS + 1000) })))).toBe('expired');
  });

  it('refuses a manifest dated beyond the clock skew in the future', () => {
    const manifest = testManifest('1.5.0');
    expect(verifyManifest(check(manifest, { now: new Date(RELEASED_AT.getTime() - MANIFEST_CLOCK_SKEW_MS + 1000) })).offer).toBe('newer');
    expect(refusal(() => verifyManifest(check(manifest, { now: new Date(RELEASED_AT.getTime() - MANIFEST_CLOCK_SKEW_MS - 1000) })))).toBe('not-yet-valid');
  });

  it('refuses a manifest valid for longer than 90 days', () => {
    const manifest = testManifest('1.5.0', { expiresAt: new Date(RELEASED_AT.getTime() + 91 * 86_400_000).toISOString() });
    expect(refusal(() => verifyManifest(check(manifest)))).toBe('validity-too-long');
  });

  it('refuses a serial below the floor built into the app', () => {
    expect(refusal(() => verifyManifest(check(testManifest('1.5.0', { serial: 4 }))))).toBe('replayed');
    expect(verifyManifest(check(testManifest('1.5.0', { serial: 5 }))).offer).toBe('newer');
  });

  it('refuses a serial below the high-water mark, and another manifest under the same serial', () => {
    const accepted = verifyManifest(check(testManifest('1.5.0', { serial: 12 })));
    const highWater = { serial: 12, manifestSha256: accepted.manifestSha256 };
    expect(refusal(() => verifyManifest(check(testManifest('1.6.0', { serial: 11 }), { highWater })))).toBe('replayed');
    expect(refusal(() => verifyManifest(check(testManifest('1.6.0', { serial: 12 }), { highWater })))).toBe('replayed');
    // The very manifest already accepted is fetched again on the next check: not a replay.
    expect(verifyManifest(check(testManifest('1.5.0', { serial: 12 }), { highWater })).offer).toBe('newer');
    expect(verifyManifest(check(testManifest('1.6.0', { serial: 13 }), { highWater })).offer).toBe('newer');
  });
});
