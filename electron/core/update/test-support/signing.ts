import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { UPDATE_MANIFEST_FORMAT, type UpdateManifest } from '#shared/update/manifest.ts';
import { signManifestBytes, type PinnedKey } from '../manifest-signature.ts';

/** Test support: throwaway publisher keys and manifests signed with them. */
export interface TestKey {
  pinned: PinnedKey;
  privateKey: KeyObject;
  privateKeyPem: string;
}

export function makeTestKey(id: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    pinned: { id, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() },
    privateKey,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export const RELEASED_AT = new Date('2026-12-01T08:00:00.000Z');

export function sha512Base64(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/** A linux manifest for `version` with one AppImage whose bytes are `artifact`. */
export function testManifest(version: string, overrides: Partial<UpdateManifest> = {}, artifact: Uint8Array = Buffer.from(`app ${version}`)): UpdateManifest {
  return {
    format: UPDATE_MANIFEST_FORMAT,
    version,
    serial: 10,
    channel: 'latest',
    platform: 'linux',
    releaseDate: RELEASED_AT.toISOString(),
    expiresAt: new Date(RELEASED_AT.getTime() + 30 * 86_400_000).toISOString(),
    releaseNotes: `Central Console ${version}`,
    files: [{ url: `Central Console-${version}.AppImage`, sha512: sha512Base64(artifact), size: artifact.byteLength }],
    ...overrides,
  };
}

export function signed(manifest: unknown, key: TestKey): { bytes: Buffer; signature: string } {
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  return { bytes, signature: signManifestBytes(bytes, key.privateKey) };
}
