import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { UpdateFile } from '#shared/update/manifest.ts';
import { UpdateRefusedError } from './update-refusal.ts';

/**
 * The downloaded file, checked again right before it is installed: its size and SHA-512 must be
 * the signed manifest's. (electron-updater checks the digest while downloading too, but against
 * whatever the provider handed it; this check ties the file on disk to the signature.)
 */
export async function verifyArtifact(file: string, expected: UpdateFile): Promise<void> {
  const name = path.basename(file);
  const { size } = await stat(file);
  if (size !== expected.size) {
    throw new UpdateRefusedError('artifact-mismatch', `Update refused: the downloaded ${name} is ${size} bytes, the signed manifest says ${expected.size}.`);
  }
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  if (hash.digest('base64') !== expected.sha512) {
    throw new UpdateRefusedError('artifact-mismatch', `Update refused: the downloaded ${name} does not match the SHA-512 in the signed manifest (altered or damaged).`);
  }
}
