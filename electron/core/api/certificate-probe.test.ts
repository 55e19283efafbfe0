import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevPki, fingerprint256 } from '#sim/src/certs.ts';
import { probeServerCertificate } from './certificate-probe.ts';

type Pki = Awaited<ReturnType<typeof createDevPki>>;
let pki: Pki;
let server: https.Server;
let origin: string;
let applicationBytes = 0;
let requests = 0;

beforeAll(async () => {
  pki = await createDevPki('Probe');
  server = https.createServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (_request, response) => {
    requests += 1;
    response.end('{}');
  });
  // Counts decrypted bytes from clients: the probe must send none.
  server.on('secureConnection', (socket) => socket.on('data', (chunk: Buffer) => (applicationBytes += chunk.length)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('probeServerCertificate', () => {
  it('reads an untrusted certificate with verification on, sending no application data', async () => {
    const probe = await probeServerCertificate(origin, { caPem: null });
    expect(probe.trusted).toBe(false);
    expect(probe.reasonCode).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(probe.certificate?.fingerprint256).toBe(fingerprint256(pki.serverCertPem));
    expect(probe.certificate?.subject).toBe('CN=Probe');
    expect(probe.certificate?.issuer).toBe('CN=Probe Development CA, O=Central Console development');
    expect(applicationBytes).toBe(0);
    expect(requests).toBe(0);
  });

  it('says trusted when the CA vouches for the server', async () => {
    const probe = await probeServerCertificate(origin, { caPem: pki.caCertPem });
    expect(probe).toMatchObject({ trusted: true, reasonCode: null });
    expect(probe.certificate?.fingerprint256).toBe(fingerprint256(pki.serverCertPem));
    expect(applicationBytes).toBe(0);
  });

  it('refuses a non-https origin', async () => {
    await expect(probeServerCertificate('http://127.0.0.1:1')).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
