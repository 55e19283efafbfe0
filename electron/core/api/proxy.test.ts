import { afterEach, describe, expect, it } from 'vitest';
import { sendJson } from './test-support/scripted-server.ts';
import { failure, useScriptedApi } from './test-support/api-harness.ts';
import { startConnectProxy, startSocks5Proxy, type LocalProxy } from './test-support/local-proxies.ts';
import { routeFromEnvironment, routeFromPacResult } from './proxy.ts';
import { probeServerCertificate } from './certificate-probe.ts';

// The transport through real local proxies (CONNECT and SOCKS5 on 127.0.0.1) to the scripted
// HTTPS server: TLS to the server runs end to end inside the tunnel, with the same CA rules.
const scripted = useScriptedApi();
const proxies: LocalProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
const target = () => new URL(scripted.server.origin).host;

function scriptMe() {
  scripted.server.script((request, response) => sendJson(response, 200, { id: 'u-1', username: 'tech', displayName: 'Tech', role: 'operator', path: request.path }));
}

describe('the transport through a proxy', () => {
  it('goes through an HTTP proxy by CONNECT, with TLS to Central Command inside the tunnel', async () => {
    scriptMe();
    const proxy = await startConnectProxy();
    proxies.push(proxy);
    const me = await scripted.client({ proxy: { kind: 'http', uri: proxy.uri } }).me('tok');
    expect(me.username).toBe('tech');
    expect(proxy.tunnels).toEqual([target()]);
  });

  it('goes through a SOCKS5 proxy', async () => {
    scriptMe();
    const proxy = await startSocks5Proxy();
    proxies.push(proxy);
    await scripted.client({ proxy: { kind: 'socks5', uri: proxy.uri } }).me('tok');
    expect(proxy.tunnels).toEqual([target()]);
  });

  it('says a proxy needs credentials (407) in a sentence, and sends the ones in its address', async () => {
    scriptMe();
    const proxy = await startConnectProxy({ requireCredentials: { username: 'corp', password: 's3cret' } });
    proxies.push(proxy);
    const refused = await failure(scripted.client({ proxy: { kind: 'http', uri: proxy.uri }, retries: 0 }).me('tok'));
    expect(refused.code).toBe('proxy-auth-required');
    expect(refused.message).toMatch(/proxy .* asks for credentials \(HTTP 407\)/);
    expect(proxy.tunnels).toEqual([]);
    const withCredentials = `http://corp:s3cret@${new URL(proxy.uri).host}`;
    expect((await scripted.client({ proxy: { kind: 'http', uri: withCredentials } }).me('tok')).username).toBe('tech');
    expect(proxy.tunnels).toEqual([target()]);
  });

  it('reads the server certificate through the tunnel when it is not trusted', async () => {
    const proxy = await startConnectProxy();
    proxies.push(proxy);
    const probe = await probeServerCertificate(scripted.server.origin, { caPem: null, proxy: { kind: 'http', uri: proxy.uri } });
    expect(probe.trusted).toBe(false);
    expect(probe.certificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(proxy.tunnels).toEqual([target()]);
    const refused = await failure(scripted.client({ caPem: null, proxy: { kind: 'http', uri: proxy.uri } }).me('tok'));
    expect(refused).toMatchObject({ code: 'certificate-untrusted', details: { fingerprint256: probe.certificate!.fingerprint256 } });
  });
});

describe('choosing the route', () => {
  it("honours Chromium's PAC answers it can use, in order, and names the ones it cannot", () => {
    expect(routeFromPacResult('DIRECT')).toEqual({ kind: 'direct' });
    expect(routeFromPacResult('')).toEqual({ kind: 'direct' });
    expect(routeFromPacResult('PROXY proxy.corp:8080; DIRECT')).toEqual({ kind: 'http', uri: 'http://proxy.corp:8080' });
    expect(routeFromPacResult('HTTPS secure.corp:443')).toEqual({ kind: 'http', uri: 'https://secure.corp:443' });
    expect(routeFromPacResult('SOCKS socks4.corp:1080; SOCKS5 socks.corp:1080')).toEqual({ kind: 'socks5', uri: 'socks5://socks.corp:1080' });
    expect(() => routeFromPacResult('SOCKS socks4.corp:1080')).toThrow(/socks4\.corp:1080, which the console cannot use/);
    expect(() => routeFromPacResult('QUIC quic.corp:443; SOCKS4 s.corp:1')).toThrow(expect.objectContaining({ code: 'proxy-unsupported' }));
  });

  it('reads HTTPS_PROXY and NO_PROXY as curl does, and never proxies loopback', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal.example, direct.example:8443, 10.1.2.3' };
    expect(routeFromEnvironment(env, 'https://central.example.com')).toEqual({ kind: 'http', uri: 'http://proxy.corp:3128/' });
    expect(routeFromEnvironment(env, 'https://cc.internal.example')).toEqual({ kind: 'direct' });
    expect(routeFromEnvironment(env, 'https://internal.example')).toEqual({ kind: 'direct' });
    expect(routeFromEnvironment(env, 'https://direct.example:8443')).toEqual({ kind: 'direct' });
    expect(routeFromEnvironment(env, 'https://direct.example')).toMatchObject({ kind: 'http' });
    expect(routeFromEnvironment(env, 'https://10.1.2.3')).toEqual({ kind: 'direct' });
    expect(routeFromEnvironment(env, 'https://127.0.0.1:8443')).toEqual({ kind: 'direct' });
    expect(routeFromEnvironment({ https_proxy: 'proxy.corp:3128' }, 'https://a.example')).toEqual({ kind: 'http', uri: 'http://proxy.corp:3128/' });
    expect(routeFromEnvironment({ ALL_PROXY: 'socks5://s.corp:1080' }, 'https://a.example')).toEqual({ kind: 'socks5', uri: 'socks5://s.corp:1080' });
    expect(routeFromEnvironment({ HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }, 'https://a.example')).toEqual({ kind: 'direct' });
    expect(() => routeFromEnvironment({ HTTPS_PROXY: 'socks4://s.corp:1080' }, 'https://a.example')).toThrow(expect.objectContaining({ code: 'proxy-unsupported' }));
    expect(routeFromEnvironment({}, 'https://a.example')).toEqual({ kind: 'direct' });
  });
});
