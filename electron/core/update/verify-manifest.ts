import { createHash } from 'node:crypto';
import { compareVersions } from '#shared/update/semver.ts';
import { UpdateManifestSchema, type UpdateChannel, type UpdateManifest, type UpdatePlatform } from '#shared/update/manifest.ts';
import { findSigningKey, type PinnedKey } from './manifest-signature.ts';
import { UpdateRefusedError } from './update-refusal.ts';

/**
 * A laptop's clock may be off: a manifest is valid from (releaseDate - skew) until
 * (expiresAt + skew). One hour covers a clock that was never synced since a time-zone change.
 */
export const MANIFEST_CLOCK_SKEW_MS = 60 * 60 * 1000;
/** The longest a signed manifest may be valid: the publisher re-signs (new serial) within this window. */
export const MANIFEST_MAX_VALIDITY_MS = 90 * 24 * 60 * 60 * 1000;

/** The highest manifest this install has accepted; a lower serial is a replay. */
export interface HighWaterMark {
  serial: number;
  /** SHA-256 (hex) of that manifest's bytes: the same serial is only accepted for the same manifest. */
  manifestSha256: string;
}

export interface ManifestCheck {
  manifestBytes: Uint8Array;
  signatureText: string;
  keys: readonly PinnedKey[];
  channel: UpdateChannel;
  platform: UpdatePlatform;
  currentVersion: string;
  /** The lowest serial this build accepts at first run (built into the app). */
  serialFloor: number;
  highWater: HighWaterMark | null;
  now: Date;
}

export interface VerifiedManifest {
  manifest: UpdateManifest;
  keyId: string;
  manifestSha256: string;
  /** newer: an update to offer; current: this very version, re-signed or re-served (nothing to install). */
  offer: 'newer' | 'current';
}

/**
 * Pure verification of a fetched manifest, in the order that trusts nothing unauthenticated:
 * the signature over the exact bytes first, then the parsed fields. Throws UpdateRefusedError.
 */
export function verifyManifest(check: ManifestCheck): VerifiedManifest {
  const keyId = findSigningKey(check.manifestBytes, check.signatureText, check.keys);
  if (!keyId) {
    throw new UpdateRefusedError('bad-signature', 'Update refused: its manifest is not signed by a publisher key built into this console (tampered, or signed with another key).');
  }
  const manifest = parseManifest(check.manifestBytes);
  if (manifest.channel !== check.channel) {
    throw new UpdateRefusedError('wrong-channel', `Update refused: the manifest is for the "${manifest.channel}" channel, this console follows "${check.channel}".`);
  }
  if (manifest.platform !== check.platform) {
    throw new UpdateRefusedError('wrong-platform', `Update refused: the manifest is for ${manifest.platform}, this computer runs ${check.platform}.`);
  }
  assertVersionBound(manifest);
  assertValidAt(manifest, check.now);
  const manifestSha256 = createHash('sha256').update(check.manifestBytes).digest('hex');
  assertNotReplayed(manifest.serial, manifestSha256, check.serialFloor, check.highWater);
  const order = compareVersions(manifest.version, check.currentVersion);
  if (order < 0) {
    throw new UpdateRefusedError(
      'downgrade',
      `Update refused: ${manifest.version} is older than the installed ${check.currentVersion}. Downgrades are never installed; a fix comes as a newer release.`,
    );
  }
  return { manifest, keyId, manifestSha256, offer: order === 0 ? 'current' : 'newer' };
}

function parseManifest(bytes: Uint8Array): UpdateManifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new UpdateRefusedError('malformed', 'Update refused: its manifest is signed but is not valid JSON.');
  }
  const parsed = UpdateManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UpdateRefusedError('malformed', `Update refused: its manifest is signed but not understood (${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'invalid'}).`);
  }
  return parsed.data;
}

/** Every file must carry the manifest's version in its name, so a file of one release cannot be announced as another. */
function assertVersionBound(manifest: UpdateManifest): void {
  const escaped = manifest.version.replace(/[.+]/g, (character) => `\\${character}`);
  const bound = new RegExp(`(^|[-_ ])v?${escaped}([-_ ]|\\.(?!\\d)|$)`);
  const unbound = manifest.files.find((file) => !bound.test(file.url));
  if (unbound) {
    throw new UpdateRefusedError('version-not-bound', `Update refused: the file "${unbound.url}" does not carry the manifest's version ${manifest.version} in its name.`);
  }
}

function assertValidAt(manifest: UpdateManifest, now: Date): void {
  const from = Date.parse(manifest.releaseDate);
  const until = Date.parse(manifest.expiresAt);
  if (until - from > MANIFEST_MAX_VALIDITY_MS || until <= from) {
    throw new UpdateRefusedError('validity-too-long', `Update refused: its manifest claims validity from ${manifest.releaseDate} to ${manifest.expiresAt}; at most 90 days are accepted.`);
  }
  if (now.getTime() + MANIFEST_CLOCK_SKEW_MS < from) {
    throw new UpdateRefusedError('not-yet-valid', `Update refused: its manifest is dated ${manifest.releaseDate}, later than this computer's clock (${now.toISOString()}). Check the clock.`);
  }
  if (now.getTime() - MANIFEST_CLOCK_SKEW_MS > until) {
    throw new UpdateRefusedError('expired', `Update refused: its manifest expired at ${manifest.expiresAt}; an update server that serves it is stale or replaying an old release.`);
  }
}

function assertNotReplayed(serial: number, manifestSha256: string, floor: number, highWater: HighWaterMark | null): void {
  if (serial < floor) {
    throw new UpdateRefusedError('replayed', `Update refused: manifest serial ${serial} is older than this build's own release (serial ${floor}); an old manifest is being replayed.`);
  }
  if (!highWater) return;
  if (serial < highWater.serial) {
    throw new UpdateRefusedError('replayed', `Update refused: manifest serial ${serial} is older than one this console already accepted (serial ${highWater.serial}); an old manifest is being replayed.`);
  }
  if (serial === highWater.serial && manifestSha256 !== highWater.manifestSha256) {
    throw new UpdateRefusedError('replayed', `Update refused: a different manifest with the already accepted serial ${serial}; serials must strictly increase.`);
  }
}
