import { routeFromPacResult, type ProxyResolver } from '#core/api/proxy.ts';

/** The part of an Electron session that knows this computer's proxy settings (system, PAC, WPAD). */
export interface ProxyAwareSession {
  resolveProxy(url: string): Promise<string>;
}

/**
 * The route Chromium would take for a URL, for core's undici transport: Central Command, /ws/events,
 * the certificate probe and the update feed all ask it, so they leave the computer the way the
 * technician's browser would. Chromium answers in PAC syntax; core parses it and refuses, with a
 * sentence, what it cannot honour (SOCKS4, QUIC).
 */
export function chromiumProxyResolver(session: ProxyAwareSession): ProxyResolver {
  return async (url) => routeFromPacResult(await session.resolveProxy(url));
}
