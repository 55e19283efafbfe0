import { isTimeoutError } from 'ky';

/**
 * What went wrong below HTTP: the certificate was not accepted, the server took too long, or it
 * could not be reached at all. Read from the `code`s along an error's cause chain (ky wraps
 * undici's TypeError('fetch failed'), which wraps the socket or TLS error).
 */
export type NetworkFailure =
  | { kind: 'certificate'; reasonCode: string }
  | { kind: 'timeout' }
  | { kind: 'proxy-auth' }
  | { kind: 'proxy'; reason: string }
  | { kind: 'unreachable'; reason: string };

/** OpenSSL / Node verification failures: the server's certificate is not accepted by the CA bundle. */
const CERTIFICATE_REASONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it is signed by a certificate authority this computer does not know',
  UNABLE_TO_GET_ISSUER_CERT: 'it is signed by a certificate authority this computer does not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it is signed by a certificate authority this computer does not know',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a certificate authority this computer does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for a different host name',
  HOSTNAME_MISMATCH: 'it was issued for a different host name',
  CERT_REVOKED: 'it has been revoked',
  CERT_SIGNATURE_FAILURE: 'its signature does not verify',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'its signature does not verify',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'its issuer key cannot be read',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'its validity dates are malformed',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'its validity dates are malformed',
  INVALID_CA: 'its chain contains a certificate that may not act as an authority',
  INVALID_PURPOSE: 'it is not meant for a TLS server',
  CERT_UNTRUSTED: 'it is not trusted for this purpose',
  CERT_REJECTED: 'it is explicitly rejected',
  PATH_LENGTH_EXCEEDED: 'its certificate chain is too long',
  CERT_CHAIN_TOO_LONG: 'its certificate chain is too long',
};

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

const UNREACHABLE_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be looked up',
  EAI_NONAME: 'the host name was not found',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was dropped',
  UND_ERR_SOCKET: 'the connection was dropped',
  UND_ERR_CLOSED: 'the connection was closed',
  EHOSTUNREACH: 'there is no network route to it',
  ENETUNREACH: 'there is no network route to it',
  ENETDOWN: 'the network is down',
  EHOSTDOWN: 'the host is down',
  EPROTO: 'it did not complete a TLS handshake (is this an https:// address?)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'it did not complete a TLS handshake (is this an https:// address?)',
};

function isCertificateReason(code: string): boolean {
  return Object.hasOwn(CERTIFICATE_REASONS, code);
}

export function describeCertificateReason(code: string): string {
  return CERTIFICATE_REASONS[code] ?? 'it could not be verified';
}

/** Null when the error is not a network-level failure at all (e.g. a bug). */
export function classifyNetworkFailure(error: unknown): NetworkFailure | null {
  if (isTimeoutError(error)) return { kind: 'timeout' };
  const messages = collectMessages(error);
  // undici says so only in words: a 407 from the proxy, on a tunnel or a forwarded request.
  if (messages.some((message) => /\(407\)|Proxy Authentication Required/.test(message))) return { kind: 'proxy-auth' };
  const codes = collectCodes(error);
  const tunnel = messages.find((message) => /when HTTP Tunneling/.test(message));
  if (tunnel) return { kind: 'proxy', reason: `the proxy refused the connection (${tunnel.match(/\((\d{3})\)/)?.[1] ?? 'no status'})` };
  if (codes.includes('UND_ERR_PRX_TLS')) return { kind: 'proxy', reason: "the proxy's own certificate could not be verified" };
  const certificate = codes.find(isCertificateReason);
  if (certificate) return { kind: 'certificate', reasonCode: certificate };
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return { kind: 'timeout' };
  const known = codes.find((code) => Object.hasOwn(UNREACHABLE_REASONS, code));
  if (known) return { kind: 'unreachable', reason: UNREACHABLE_REASONS[known]! };
  if (codes.some((code) => code.startsWith('ERR_SSL_'))) {
    return { kind: 'unreachable', reason: 'the TLS handshake failed' };
  }
  if (isNetworkLike(error)) return { kind: 'unreachable', reason: 'the network request failed' };
  return null;
}

/** Every error along the cause chain (and AggregateError members), bounded: the cap guards against cycles. */
function causeChain(error: unknown): object[] {
  const chain: object[] = [];
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length > 0 && seen < 20; seen++) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null) continue;
    chain.push(current);
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return chain;
}

function collectCodes(error: unknown): string[] {
  return causeChain(error).flatMap((current) => {
    const { code } = current as { code?: unknown };
    return typeof code === 'string' ? [code] : [];
  });
}

function collectMessages(error: unknown): string[] {
  return causeChain(error).flatMap((current) => (current instanceof Error ? [current.message] : []));
}

function isNetworkLike(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    if (current.name === 'NetworkError') return true;
    // undici: 'fetch failed' before a response, 'terminated' when a body read is cut off.
    if (current.name === 'TypeError' && (current.message === 'fetch failed' || current.message === 'terminated')) return true;
  }
  return false;
}
