import { z } from 'zod';
import { RELEASE_VERSION_PATTERN } from './semver.ts';

/**
 * The signed update manifest: what `release:sign` writes and what the console verifies before
 * it offers an update. The signature covers the manifest file's exact bytes; this schema is only
 * applied after the signature checked out.
 */
export const UPDATE_MANIFEST_FORMAT = 'central-console-update-manifest/1';

export const UPDATE_CHANNELS = ['latest', 'beta'] as const;
export const UpdateChannelSchema = z.enum(UPDATE_CHANNELS);
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

export const UPDATE_PLATFORMS = ['linux', 'darwin', 'win32'] as const;
export const UpdatePlatformSchema = z.enum(UPDATE_PLATFORMS);
export type UpdatePlatform = z.infer<typeof UpdatePlatformSchema>;

/** The base64 of a 64-byte SHA-512 digest, as electron-updater writes and checks it. */
export const Sha512Base64Schema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a base64 SHA-512 digest');

export const UpdateFileSchema = z.strictObject({
  /** A file name beside the manifest on the same feed: no folder, no scheme, no host. */
  url: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._+-]*$/, 'a file name beside the manifest (no folders, no address)'),
  sha512: Sha512Base64Schema,
  size: z.number().int().positive(),
});
export type UpdateFile = z.infer<typeof UpdateFileSchema>;

export const UpdateManifestSchema = z.strictObject({
  format: z.literal(UPDATE_MANIFEST_FORMAT),
  version: z.string().regex(RELEASE_VERSION_PATTERN, 'a release version (MAJOR.MINOR.PATCH[-pre-release])'),
  /** Strictly increasing across every manifest the publisher signs (a re-signed manifest gets a new one). */
  serial: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  channel: UpdateChannelSchema,
  platform: UpdatePlatformSchema,
  releaseDate: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  releaseNotes: z.string().max(20_000).nullable(),
  files: z.array(UpdateFileSchema).min(1).max(20),
});
export type UpdateManifest = z.infer<typeof UpdateManifestSchema>;

/** The manifest's file name on the feed for a channel and platform, e.g. latest-linux.json. */
export function manifestFileName(channel: UpdateChannel, platform: UpdatePlatform): string {
  const suffix = platform === 'linux' ? '-linux' : platform === 'darwin' ? '-mac' : '';
  return `${channel}${suffix}.json`;
}

/** The detached signature beside it: the base64 Ed25519 signature of the manifest file's bytes. */
export function signatureFileName(manifestFile: string): string {
  return `${manifestFile}.sig`;
}
