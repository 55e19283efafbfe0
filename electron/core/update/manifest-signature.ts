import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** A publisher key the console trusts: its name (for logs and rotation) and its Ed25519 public key. */
export interface PinnedKey {
  id: string;
  publicKeyPem: string;
}

/** Ed25519 over the manifest file's exact bytes; the signature file holds it in base64. */
export function signManifestBytes(manifestBytes: Uint8Array, privateKey: KeyObject): string {
  assertEd25519(privateKey, 'private');
  return sign(null, manifestBytes, privateKey).toString('base64');
}

/**
 * The id of the first pinned key whose signature this is, or null. Any pinned key is accepted, so
 * a release signed with the previous key still verifies after a new key was added (rotation).
 */
export function findSigningKey(manifestBytes: Uint8Array, signatureText: string, keys: readonly PinnedKey[]): string | null {
  const signature = decodeSignature(signatureText);
  if (!signature) return null;
  for (const key of keys) {
    const publicKey = createPublicKey(key.publicKeyPem);
    assertEd25519(publicKey, 'public');
    if (verify(null, manifestBytes, publicKey, signature)) return key.id;
  }
  return null;
}

/** A PEM (PKCS#8) private key, or the same key's DER in base64 (handier in a CI secret). */
export function readPrivateSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  assertEd25519(key, 'private');
  return key;
}

function decodeSignature(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(trimmed)) return null;
  return Buffer.from(trimmed, 'base64');
}

function assertEd25519(key: KeyObject, kind: 'public' | 'private'): void {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`The update ${kind} key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519.`);
}
