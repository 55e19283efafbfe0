import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDevPki, fingerprint256 } from '#sim/src/certs.ts';
import { ConsoleError } from '#shared/errors.ts';
import { createApiClient, type ApiClient, type ApiClientOptions } from './client.ts';
import { failure, useScriptedApi } from './test-support/api-harness.ts';
import { sendJson, startScriptedServer, unusedPort, type ScriptedServer } from './test-support/scripted-server.ts';

const scripted = useScriptedApi();
let strangerPki: Awaited<ReturnType<typeof createDevPki>>;
const servers: ScriptedServer[] = [];

beforeAll(async () => {
  strangerPki = await createDevPki('Stranger');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((extra) => extra.close()));
});

const client = (overrides: Partial<ApiClientOptions> = {}): ApiClient => scripted.client(overrides);

function thrownBy(make: () => unknown): ConsoleError {
  try {
    make();
  } catch (error) {
    if (error instanceof ConsoleError) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('TLS trust', () => {
  it('trusts the server through the configured CA', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { ok: true }));
    expect((await client().getJson('/api/x', z.object({ ok: z.boolean() }), { token: 't' })).status).toBe(200);
  });

  it('reports a certificate from an unknown CA with its fingerprint, and sends it nothing', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { ok: true }));
    const error = await failure(client({ caPem: strangerPki.caCertPem }).login('tech', 'Secret-Password-1!'));
    expect(error.code).toBe('certificate-untrusted');
    expect(error.details?.fingerprint256).toBe(fingerprint256(scripted.pki.serverCertPem));
    expect(error.details?.subject).toBe('CN=Test');
    expect(error.details?.issuer).toMatch(/CN=Test Development CA/);
    expect(error.details?.reasonCode).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(error.message).toContain(fingerprint256(scripted.pki.serverCertPem));
    expect(error.message).toMatch(/Compare its SHA-256 fingerprint/);
    expect(error.message).toMatch(/CA certificate file/);
    expect(scripted.server.requests).toHaveLength(0);
  });

  it('without any CA file the system store alone does not trust a private CA', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { ok: true }));
    const error = await failure(client({ caPem: null, retries: 2 }).getJson('/api/x', z.unknown(), { token: 't' }));
    expect(error.code).toBe('certificate-untrusted');
    expect(error.details?.fingerprint256).toBe(fingerprint256(scripted.pki.serverCertPem));
    expect(scripted.server.requests).toHaveLength(0);
  });

  it('reports a certificate issued for another host name', async () => {
    const otherHost = await createDevPki('Elsewhere', { dns: ['elsewhere.example'], ips: [] });
    const misnamed = await startScriptedServer({ certPem: otherHost.serverCertPem, keyPem: otherHost.serverKeyPem });
    servers.push(misnamed);
    const error = await failure(client({ origin: misnamed.origin, caPem: otherHost.caCertPem }).login('tech', 'pw'));
    expect(error.code).toBe('certificate-untrusted');
    expect(error.details?.reasonCode).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(error.details?.fingerprint256).toBe(fingerprint256(otherHost.serverCertPem));
    expect(error.message).toMatch(/different host name/);
  });

  it('refuses a CA file that is not a certificate', () => {
    expect(thrownBy(() => createApiClient({ origin: scripted.server.origin, caPem: 'not a pem' })).code).toBe('invalid-input');
  });
});

describe('unreachable, timeout, dropped', () => {
  it('maps connection refused to unreachable', async () => {
    const port = await unusedPort();
    const origin = `https://127.0.0.1:${port}`;
    const error = await failure(client({ origin }).login('tech', 'pw'));
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(`Central Command at ${origin} cannot be reached: the connection was refused. Check the server address and your network connection.`);
  });

  it('maps an unknown host name to unreachable', async () => {
    const error = await failure(client({ origin: 'https://central.invalid' }).login('tech', 'pw'));
    expect(error.code).toBe('unreachable');
    expect(error.details?.reason).toMatch(/host name/);
  });

  it('maps a server that never answers to timeout', async () => {
    scripted.server.script(() => {
      // Never answers.
    });
    const error = await failure(client({ timeoutMs: 300, retries: 0 }).getJson('/api/x', z.unknown(), { token: 't' }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 0.3 s/);
  });

  it('maps a dropped connection to unreachable after the GET retries', async () => {
    scripted.server.script((_request, _response, raw) => {
      raw.socket.destroy();
    });
    const error = await failure(client({ retries: 1 }).getJson('/api/x', z.unknown(), { token: 't' }));
    expect(error.code).toBe('unreachable');
    expect(error.details?.reason).toMatch(/dropped|reset|closed/);
    expect(scripted.server.requests).toHaveLength(2);
  });

  it('maps a connection dropped mid-body to unreachable', async () => {
    scripted.server.script((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"sites": [', () => response.socket?.destroy());
    });
    const error = await failure(client({ retries: 0 }).getJson('/api/x', z.unknown(), { token: 't' }));
    expect(error.code).toBe('unreachable');
  });
});

describe('plain http', () => {
  it('refuses http:// by default', () => {
    const error = thrownBy(() => createApiClient({ origin: 'http://central.example.com' }));
    expect(error.code).toBe('insecure-url');
    expect(error.message).toMatch(/must start with https:\/\//);
  });

  it('refuses http://127.0.0.1 unless loopback is explicitly allowed', () => {
    expect(thrownBy(() => createApiClient({ origin: 'http://127.0.0.1:4010' })).code).toBe('insecure-url');
  });

  it('refuses http to other hosts even when loopback is allowed', () => {
    expect(thrownBy(() => createApiClient({ origin: 'http://10.0.0.5:4010', allowInsecureLoopback: true })).code).toBe('insecure-url');
  });

  it('talks to http://127.0.0.1 when loopback is allowed', async () => {
    const plain = await startScriptedServer(null);
    servers.push(plain);
    plain.script((_request, response) => sendJson(response, 200, { ok: true }));
    const result = await client({ origin: plain.origin, caPem: null, allowInsecureLoopback: true }).getJson('/api/x', z.object({ ok: z.boolean() }), { token: 't' });
    expect(result.status).toBe(200);
    expect(plain.requests).toHaveLength(1);
  });
});
