import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConsoleError } from '#shared/errors.ts';

/** A CA file as read once: the exact text the console trusts, and the SHA-256 of that text. */
export interface CaFileContent {
  pem: string;
  sha256: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Reads a CA file the technician chose; a missing file or one without a PEM certificate is refused in words they can act on. */
export async function readChosenCaFile(caFilePath: string): Promise<CaFileContent> {
  let pem: string;
  try {
    pem = await readFile(caFilePath, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in the file');
    certificateFingerprints(pem);
  } catch (error) {
    throw new ConsoleError('invalid-input', `The CA certificate file "${caFilePath}" cannot be used (${(error as Error).message}). Choose the PEM file your administrator gave you.`);
  }
  return { pem, sha256: sha256Hex(pem) };
}

/**
 * Reads the profile's pinned copy and checks it is byte for byte what was pinned: a copy changed on
 * disk is refused, never trusted.
 */
export async function readPinnedCaFile(pinnedPath: string, expectedSha256: string): Promise<CaFileContent> {
  let pem: string;
  try {
    pem = await readFile(pinnedPath, 'utf8');
  } catch (error) {
    throw new ConsoleError('invalid-input', `The CA certificate pinned for this server is missing (${(error as Error).message}). Sign in again and choose the CA file.`);
  }
  const sha256 = sha256Hex(pem);
  if (sha256 !== expectedSha256) {
    throw new ConsoleError('invalid-input', 'The CA certificate pinned for this server was changed on this computer, so the console does not trust it. Sign in again and choose the CA file your administrator gave you.');
  }
  return { pem, sha256 };
}

/** The SHA-256 fingerprint (AB:CD:…) of each certificate in a PEM text, as a technician compares them. */
export function certificateFingerprints(pem: string): string[] {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate in the file');
  return blocks.map((block) => {
    try {
      return new X509Certificate(block).fingerprint256;
    } catch {
      throw new Error('a certificate in the file is damaged');
    }
  });
}
