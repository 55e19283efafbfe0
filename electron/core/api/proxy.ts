import { isIP } from 'node:net';
import { ConsoleError } from '#shared/errors.ts';

/**
 * How traffic to one Central Command server leaves this computer: directly, through an HTTP(S)
 * proxy (a CONNECT tunnel; TLS to Central Command stays end to end), or through a SOCKS5 proxy.
 * The shells decide it: Electron asks Chromium (`session.resolveProxy`, which also evaluates PAC
 * scripts), the web shell and tests read HTTPS_PROXY / NO_PROXY.
 */
export type ProxyRoute = { kind: 'direct' } | { kind: 'http'; uri: string } | { kind: 'socks5'; uri: string };

/** Resolves the route for a URL; rejects with 'proxy-unsupported' when none can be honoured. */
export type ProxyResolver = (url: string) => Promise<ProxyRoute>;

export const DIRECT: ProxyRoute = { kind: 'direct' };

/** For messages: the proxy's address without any credentials in its URI. */
export function describeProxy(route: ProxyRoute): string {
  if (route.kind === 'direct') return 'no proxy';
  const url = new URL(route.uri);
  return `${url.protocol}//${url.host}`;
}

/**
 * Chromium's answer to resolveProxy, in PAC syntax: entries separated by ";", tried in order, e.g.
 * "PROXY proxy.corp:8080; DIRECT". The first entry the console can honour wins. SOCKS (version 4),
 * QUIC and anything else unknown cannot be honoured; when nothing else is offered, the refusal
 * names what was.
 */
export function routeFromPacResult(result: string): ProxyRoute {
  const entries = result
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return DIRECT;
  const unsupported: string[] = [];
  for (const entry of entries) {
    const [keyword = '', hostPort = ''] = entry.split(/\s+/, 2);
    switch (keyword.toUpperCase()) {
      case 'DIRECT':
        return DIRECT;
      case 'PROXY':
        if (hostPort) return { kind: 'http', uri: `http://${hostPort}` };
        break;
      case 'HTTPS':
        if (hostPort) return { kind: 'http', uri: `https://${hostPort}` };
        break;
      case 'SOCKS5':
        if (hostPort) return { kind: 'socks5', uri: `socks5://${hostPort}` };
        break;
      default:
        break;
    }
    unsupported.push(entry);
  }
  throw new ConsoleError(
    'proxy-unsupported',
    `This computer's proxy settings send Central Command's traffic through ${unsupported.join(', ')}, which the console cannot use (it supports HTTP, HTTPS and SOCKS5 proxies). Ask your IT team for an HTTP or SOCKS5 proxy, or a direct route to Central Command.`,
    { proxy: unsupported.join('; ') },
  );
}

type Environment = Record<string, string | undefined>;

const env = (environment: Environment, name: string) => environment[name] ?? environment[name.toLowerCase()] ?? undefined;

/**
 * The conventional proxy variables, as curl reads them: HTTPS_PROXY (or ALL_PROXY) for https://
 * targets, NO_PROXY as a comma-separated list of host suffixes (".corp.example", "corp.example"),
 * host:port pairs, IP addresses or "*". Loopback is never proxied. A proxy URI may be http://,
 * https:// or socks5://; anything else is refused with a sentence.
 */
export function routeFromEnvironment(environment: Environment, targetUrl: string): ProxyRoute {
  const target = new URL(targetUrl);
  const configured = (target.protocol === 'http:' || target.protocol === 'ws:' ? env(environment, 'HTTP_PROXY') : env(environment, 'HTTPS_PROXY')) ?? env(environment, 'ALL_PROXY');
  if (!configured) return DIRECT;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return DIRECT;
  if (bypassed(env(environment, 'NO_PROXY') ?? '', host, target.port || (target.protocol === 'https:' || target.protocol === 'wss:' ? '443' : '80'))) return DIRECT;
  let proxy: URL;
  try {
    proxy = new URL(configured.includes('://') ? configured : `http://${configured}`);
  } catch {
    throw new ConsoleError('proxy-unsupported', 'The proxy address in HTTPS_PROXY is not a valid URL.');
  }
  if (proxy.protocol === 'http:' || proxy.protocol === 'https:') return { kind: 'http', uri: proxy.toString() };
  if (proxy.protocol === 'socks5:' || proxy.protocol === 'socks5h:') return { kind: 'socks5', uri: `socks5://${proxy.username ? `${proxy.username}:${proxy.password}@` : ''}${proxy.host}` };
  throw new ConsoleError('proxy-unsupported', `The console cannot use a ${proxy.protocol.replace(/:$/, '')} proxy (it supports http, https and socks5 proxies).`, { proxy: `${proxy.protocol}//${proxy.host}` });
}

function bypassed(noProxy: string, host: string, port: string): boolean {
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [entryHost = '', entryPort] = isIP(entry) === 6 ? [entry] : entry.split(':');
    if (entryPort && entryPort !== port) continue;
    const bare = entryHost.replace(/^\*?\./, '');
    if (host === bare || (isIP(host) === 0 && host.endsWith(`.${bare}`))) return true;
  }
  return false;
}
