import type { X509Certificate } from 'node:crypto';
import net, { isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import { ConsoleError } from '#shared/errors.ts';
import { trustedCertificates } from './transport.ts';
import type { ProxyRoute } from './proxy.ts';

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
export async function probeServerCertificate(origin: string, options: { caPem?: string | null; timeoutMs?: number; proxy?: ProxyRoute } = {}): Promise<CertificateProbe> {
  const url = new URL(origin);
  if (url.protocol !== 'https:') {
    return Promise.reject(new ConsoleError('invalid-input', 'Only https:// servers present a certificate.'));
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 443 : Number(url.port);

  const timeoutMs = options.timeoutMs ?? 10_000;
  // Through an HTTP(S) proxy the handshake runs inside its CONNECT tunnel, as the client's does.
  // Through SOCKS5 there is no probe: the refusal then simply carries no fingerprint.
  if (options.proxy?.kind === 'socks5') return { certificate: null, trusted: false, reasonCode: null };
  const tunnel = options.proxy?.kind === 'http' ? await openConnectTunnel(options.proxy.uri, host, port, timeoutMs) : null;

  return new Promise((resolve) => {
    let certificate: ServerCertificate | null = null;
    let settled = false;
    const socket = tls.connect({
      ...(tunnel ? { socket: tunnel } : {}),
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

    socket.setTimeout(timeoutMs, () => finish(false, 'ETIMEDOUT'));
    socket.once('secureConnect', () => {
      certificate = readPeerCertificate(socket);
      finish(socket.authorized, socket.authorizationError ? String(socket.authorizationError) : null);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(false, error.code ?? error.message));
    socket.once('close', () => finish(false, 'ECONNRESET'));
  });
}

/** A CONNECT tunnel to host:port through an HTTP(S) proxy; rejects unless the proxy answers 200. */
function openConnectTunnel(proxyUri: string, host: string, port: number, timeoutMs: number): Promise<Socket> {
  const proxy = new URL(proxyUri);
  const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const proxyHost = proxy.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const socket: Socket =
      proxy.protocol === 'https:'
        ? tls.connect({ host: proxyHost, port: proxyPort, ca: trustedCertificates(null), rejectUnauthorized: true, servername: isIP(proxyHost) === 0 ? proxyHost : undefined })
        : net.connect({ host: proxyHost, port: proxyPort });
    const authorization = proxy.username ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n` : '';
    const target = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    let head = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error('proxy tunnel timed out')));
    socket.once('error', fail);
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${authorization}\r\n`));
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      socket.off('error', fail);
      socket.setTimeout(0);
      if (!/^HTTP\/1\.[01] 200/.test(head)) return fail(new Error(`proxy answered ${head.split('\r\n', 1)[0]}`));
      resolve(socket);
    };
    socket.on('data', onData);
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
