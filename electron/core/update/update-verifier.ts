import path from 'node:path';
import type { UpdateChannel, UpdateFile, UpdatePlatform } from '#shared/update/manifest.ts';
import type { Log } from '../log.ts';
import type { PinnedKey } from './manifest-signature.ts';
import type { HighWaterStore } from './high-water-store.ts';
import { isUpdateRefused, UpdateRefusedError, type RefusalReason } from './update-refusal.ts';
import { verifyArtifact } from './verify-artifact.ts';
import { verifyManifest, type VerifiedManifest } from './verify-manifest.ts';

export interface UpdateVerifierOptions {
  keys: readonly PinnedKey[];
  serialFloor: number;
  highWater: HighWaterStore;
  channel: UpdateChannel;
  platform: UpdatePlatform;
  currentVersion: string;
  log: Log;
  now?: () => Date;
}

/**
 * One install's verification: each fetched manifest against the pinned keys and the install's
 * high-water mark (raised when a newer manifest is accepted), and the downloaded file against the
 * manifest last accepted. Every refusal is logged as one warning line with its reason.
 */
export function createUpdateVerifier(options: UpdateVerifierOptions) {
  const now = options.now ?? (() => new Date());
  let accepted: VerifiedManifest | null = null;

  function logRefusal(error: UpdateRefusedError): void {
    options.log('warn', error.message, { reason: error.reason });
  }

  return {
    /** A refused manifest leaves the last accepted one in place: a failed later check does not undo a verified download. */
    async acceptManifest(manifestBytes: Uint8Array, signatureText: string): Promise<VerifiedManifest> {
      const highWater = await options.highWater.read();
      let verified: VerifiedManifest;
      try {
        const { keys, serialFloor, channel, platform, currentVersion } = options;
        verified = verifyManifest({ keys, serialFloor, channel, platform, currentVersion, manifestBytes, signatureText, highWater, now: now() });
      } catch (error) {
        if (isUpdateRefused(error)) logRefusal(error);
        throw error;
      }
      if (!highWater || verified.manifest.serial > highWater.serial) {
        await options.highWater.write({ serial: verified.manifest.serial, manifestSha256: verified.manifestSha256 });
      }
      accepted = verified;
      const { version, serial, channel } = verified.manifest;
      options.log('info', verified.offer === 'newer' ? 'update manifest verified: offering the update' : 'update manifest verified: this version is current', {
        version,
        serial,
        channel,
        keyId: verified.keyId,
      });
      return verified;
    },

    /** A refusal found outside the manifest (e.g. the feed address): logged the same way, then thrown. */
    refuse(reason: RefusalReason, message: string): never {
      const error = new UpdateRefusedError(reason, message);
      logRefusal(error);
      throw error;
    },

    /** Before install: the file on disk must be one the accepted manifest lists, byte for byte. */
    async verifyDownloaded(file: string): Promise<UpdateFile> {
      try {
        if (!accepted || accepted.offer !== 'newer') throw new UpdateRefusedError('artifact-mismatch', 'Update refused: no verified manifest offers the downloaded file.');
        const entry = accepted.manifest.files.find((candidate) => candidate.url === path.basename(file));
        if (!entry) throw new UpdateRefusedError('artifact-mismatch', `Update refused: the signed manifest does not list the downloaded ${path.basename(file)}.`);
        await verifyArtifact(file, entry);
        options.log('info', 'downloaded update verified against the signed manifest', { version: accepted.manifest.version, file: entry.url });
        return entry;
      } catch (error) {
        if (isUpdateRefused(error)) logRefusal(error);
        throw error;
      }
    },

    accepted: () => accepted,
  };
}

export type UpdateVerifier = ReturnType<typeof createUpdateVerifier>;
