import { afterEach, describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import { routeFromEnvironment } from '#core/api/proxy.ts';
import { startConnectProxy, type LocalProxy } from '#core/api/test-support/local-proxies.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { signIn, useConsoles, useSimulator } from './test-support/harness.ts';

// A technician behind a corporate proxy: the whole console service (sign-in, sync, /ws/events)
// reaches the simulator only through a CONNECT proxy on 127.0.0.1, and a proxy that wants
// credentials is said so at sign-in.
const simulator = useSimulator({ seed: 5, sites: 15 });
const consoles = useConsoles();
const proxies: LocalProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
/**
 * The route HTTPS_PROXY gives for a non-loopback server (loopback is always direct, so the
 * simulator's own address would never be proxied): every client of the session takes it.
 */
const throughProxy = (uri: string) => async () => routeFromEnvironment({ HTTPS_PROXY: uri }, 'https://central.example.com');

describe('behind a proxy', () => {
  it('signs in, syncs and listens for hints through the proxy only', async () => {
    const proxy = await startConnectProxy();
    proxies.push(proxy);
    const service = await consoles.launch({ resolveProxy: throughProxy(proxy.uri) });
    const { status } = await signIn(service, simulator.sim, 'admin');
    expect(status.phase).toBe('idle');
    expect((await service.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 }))).rows).toHaveLength(simulator.sim.siteCount);
    const simHost = new URL(simulator.sim.url).host;
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([simHost]));
  });

  it('a proxy that wants credentials is named at sign-in, and nothing reaches Central Command', async () => {
    const proxy = await startConnectProxy({ requireCredentials: { username: 'corp', password: 'pw' } });
    proxies.push(proxy);
    const service = await consoles.launch({ resolveProxy: throughProxy(proxy.uri) });
    await expect(
      service.handlers['session:signIn']({ serverUrl: simulator.sim.url, caFilePath: simulator.sim.caFile, username: 'admin', password: passwordOf(simulator.sim, 'admin') }),
    ).rejects.toMatchObject({ code: 'proxy-auth-required', message: expect.stringContaining('407') });
    expect(proxy.tunnels).toEqual([]);
  });
});
