import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { ConsoleError } from '#shared/errors.ts';
import { trustedCertificates } from './transport.ts';

export interface ServerCertificate {
  /** SHA-256 of the leaf certificate (DER), colon-separated upper-case hex, as browsers show it. */
  fingerprint256: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

export interface CertificateProbe {
  /** Null when the server presented none (or the handshake ended before it did). */
  certificate: ServerCertificate | null;
  /** Whether the same CA bundle the client uses accepts the certificate. */
  trusted: boolean;
  /** The TLS error code when not trusted, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  reasonCode: string | null;
}

/**
 * Reads the certificate a server presents, so a technician can compare its fingerprint with the one
 * their administrator gives. The handshake runs with verification ON and the same CA bundle as the
 * client; no application data is ever written, and the socket is destroyed as soon as the
 * handshake has settled.
 *
 * Node rejects an unverified peer by calling `socket.destroy(verifyError)` right after the
 * handshake, and the certificate is gone by the time 'error' fires. So the probe wraps that one
 * socket's `destroy` to read the peer certificate at that moment. If a future Node stops going
 * through `destroy`, the probe yields `certificate: null` (the error then lacks a fingerprint);
 * it never falls back to turning verification off.
 */
export function probeServerCertificate(origin: string, options: { caPem?: string | null; timeoutMs?: number } = {}): Promise<CertificateProbe> {
  const url = new URL(origin);
  if (url.protocol !== 'https:') {
    return Promise.reject(new ConsoleError('invalid-input', 'Only https:// servers present a certificate.'));
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 443 : Number(url.port);

  return new Promise((resolve) => {
    let certificate: ServerCertificate | null = null;
    let settled = false;
    const socket = tls.connect({
      host,
      port,
      servername: isIP(host) === 0 ? host : undefined,
      ca: trustedCertificates(options.caPem),
      rejectUnauthorized: true,
    });

    const destroy = socket.destroy;
    socket.destroy = function destroyAfterReadingPeer(this: tls.TLSSocket, error?: Error) {
      certificate ??= readPeerCertificate(socket);
      return destroy.call(this, error);
    };

    const finish = (trusted: boolean, reasonCode: string | null): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ certificate, trusted, reasonCode });
    };

    socket.setTimeout(options.timeoutMs ?? 10_000, () => finish(false, 'ETIMEDOUT'));
    socket.once('secureConnect', () => {
      certificate = readPeerCertificate(socket);
      finish(socket.authorized, socket.authorizationError ? String(socket.authorizationError) : null);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(false, error.code ?? error.message));
    socket.once('close', () => finish(false, 'ECONNRESET'));
  });
}

function readPeerCertificate(socket: tls.TLSSocket): ServerCertificate | null {
  let peer: X509Certificate | undefined;
  try {
    peer = socket.getPeerX509Certificate();
  } catch {
    return null;
  }
  if (!peer) return null;
  return {
    fingerprint256: peer.fingerprint256,
    subject: oneLine(peer.subject),
    issuer: oneLine(peer.issuer),
    validFrom: peer.validFrom,
    validTo: peer.validTo,
  };
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').filter(Boolean).join(', ');
}
