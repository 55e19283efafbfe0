import tls from 'node:tls';
import { Agent, ProxyAgent, WebSocket, fetch as undiciFetch, type Dispatcher } from 'undici';
import { ConsoleError } from '#shared/errors.ts';
import { DIRECT, type ProxyRoute } from './proxy.ts';

/**
 * The one HTTP transport to Central Command: the npm `undici` package's own fetch and Agent.
 * (ky's Request cannot go to undici's fetch as is, and undici 8's Agent must not be handed to
 * Node's built-in fetch — see toolchain.md, "ky 2 over undici".)
 */
export interface Transport {
  /** A fetch for ky's `fetch` option: rebuilds ky's Request for undici's fetch. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** A WebSocket over the same trust (system CAs + the server's CA file). */
  openWebSocket(url: string): WebSocket;
  close(): Promise<void>;
}

/** The system's trust store plus the CA the technician chose for this server. */
export function trustedCertificates(caPem: string | null | undefined): string[] {
  const system = tls.getCACertificates('system');
  // Where the platform store cannot be read, Node's bundled roots are the sane floor.
  const base = system.length > 0 ? system : tls.getCACertificates('default');
  return caPem ? [...base, caPem] : [...base];
}

/** Fails early, with a sentence, when the chosen CA file holds no usable PEM certificate. */
export function assertUsableCaPem(caPem: string | null | undefined): void {
  if (!caPem) return;
  if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConsoleError('invalid-input', 'The CA file is not a PEM certificate (it should contain "-----BEGIN CERTIFICATE-----").');
  }
  try {
    tls.createSecureContext({ ca: [caPem] });
  } catch {
    throw new ConsoleError('invalid-input', 'The CA file could not be read as a certificate. Choose the PEM file your administrator gave you.');
  }
}

/**
 * Plain http:// would carry passwords and session tokens in clear text: refused, except to
 * 127.0.0.1 when development explicitly allows it.
 */
export function assertTransportAllowed(origin: string, allowInsecureLoopback: boolean): void {
  const url = new URL(origin);
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && allowInsecureLoopback && url.hostname === '127.0.0.1') return;
  throw new ConsoleError(
    'insecure-url',
    'The server address must start with https://. Plain http:// would send your password and fleet data unencrypted.',
    { origin },
  );
}

export interface TransportOptions {
  caPem?: string | null;
  timeoutMs: number;
  /** How traffic leaves this computer (proxy.ts); direct by default. */
  proxy?: ProxyRoute;
}

/**
 * Direct, or through a proxy: a CONNECT tunnel (HTTP/HTTPS proxy) or SOCKS5. Either way TLS to
 * Central Command runs end to end with the same CA bundle; the proxy sees only host and port.
 */
function dispatcherFor({ caPem, timeoutMs, proxy = DIRECT }: TransportOptions): Dispatcher {
  // One secure context for every connection: handed `ca`, each TLS connection would parse the whole system
  // store again (~150 certificates, tens of ms of CPU — each sync cycle opens a few connections anew).
  const serverTls = { secureContext: tls.createSecureContext({ ca: trustedCertificates(caPem) }), rejectUnauthorized: true, timeout: timeoutMs };
  // Idle time between body chunks: a server that stalls mid-body must not hang a sync forever.
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  if (proxy.kind === 'direct') return new Agent({ connect: serverTls, ...timeouts });
  return new ProxyAgent({
    uri: proxy.uri,
    requestTls: serverTls,
    // An https:// proxy is verified against the system's CAs. Only then: undici takes any proxyTls
    // as "speak TLS to the proxy", which a SOCKS5 or plain HTTP proxy does not.
    ...(proxy.uri.startsWith('https:') ? { proxyTls: { ca: trustedCertificates(null), rejectUnauthorized: true, timeout: timeoutMs } } : {}),
    connectTimeout: timeoutMs,
    ...timeouts,
  });
}

export function createTransport(options: TransportOptions): Transport {
  const dispatcher = dispatcherFor(options);
  return {
    fetch: async (input, init) => {
      // ky always hands over a Request; anything else is normalized to one first.
      const request = input instanceof Request ? input : new Request(input, init);
      return (await undiciFetch(request.url, {
        method: request.method,
        headers: request.headers as unknown as Record<string, string>,
        body: request.body as unknown as ReadableStream<Uint8Array> | null,
        duplex: 'half',
        signal: request.signal,
        // A redirect could move the Bearer token to another origin or downgrade to http: surface it instead.
        redirect: 'manual',
        dispatcher,
      })) as unknown as Response;
    },
    openWebSocket: (url) => new WebSocket(url, { dispatcher }),
    close: () => dispatcher.close(),
  };
}
