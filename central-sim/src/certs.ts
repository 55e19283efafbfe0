import { webcrypto, X509Certificate, createHash } from 'node:crypto';
import { mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/**
 * The simulator's development PKI: one CA and one server certificate for 127.0.0.1/localhost,
 * created on first start in a folder outside the repository and reused afterwards.
 */
export interface DevPki {
  dir: string;
  caFile: string;
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** SHA-256 fingerprint of the server certificate, colon-separated upper-case hex (as browsers show it). */
  serverFingerprint256: string;
  created: boolean;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export async function loadOrCreateDevPki(dir: string, options: { commonName?: string } = {}): Promise<DevPki> {
  const caFile = join(dir, 'ca.pem');
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server-key.pem');
  if ((await exists(caFile)) && (await exists(certFile)) && (await exists(keyFile))) {
    const [caCertPem, serverCertPem, serverKeyPem] = await Promise.all([readFile(caFile, 'utf8'), readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    if (new Date(new X509Certificate(serverCertPem).validTo).getTime() > Date.now() + DAY_MS) {
      return { dir, caFile, caCertPem, serverCertPem, serverKeyPem, serverFingerprint256: fingerprint256(serverCertPem), created: false };
    }
  }
  const made = await createDevPki(options.commonName ?? 'Central Command Simulator');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(caFile, made.caCertPem, { mode: 0o644 });
  await writeFile(certFile, made.serverCertPem, { mode: 0o644 });
  await writeFile(keyFile, made.serverKeyPem, { mode: 0o600 });
  return { dir, caFile, ...made, serverFingerprint256: fingerprint256(made.serverCertPem), created: true };
}

/** A CA and a server certificate signed by it, in memory. The CA's private key is discarded. */
export async function createDevPki(commonName: string, hosts: { dns: string[]; ips: string[] } = { dns: ['localhost'], ips: ['127.0.0.1'] }) {
  const now = Date.now();
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${commonName} Development CA, O=Central Console development`,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 825 * DAY_MS),
    keys: caKeys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serverCert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${commonName}`,
    issuer: caCert.subject,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 397 * DAY_MS),
    signingKey: caKeys.privateKey,
    publicKey: serverKeys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...hosts.dns.map((value) => ({ type: 'dns' as const, value })), ...hosts.ips.map((value) => ({ type: 'ip' as const, value }))]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return {
    caCertPem: caCert.toString('pem') + '\n',
    serverCertPem: serverCert.toString('pem') + '\n',
    serverKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n',
  };
}

export function fingerprint256(certPem: string): string {
  const der = new X509Certificate(certPem).raw;
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

export function trustHint(pki: Pick<DevPki, 'caFile' | 'serverFingerprint256'>): string {
  return [
    `Development CA: ${pki.caFile}`,
    `  The console asks for this file at sign-in ("CA certificate file"). To trust it system-wide instead:`,
    `  Debian/Ubuntu: sudo cp ${pki.caFile} /usr/local/share/ca-certificates/central-sim.crt && sudo update-ca-certificates`,
    `  macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${pki.caFile}`,
    `  Windows: certutil -addstore -user Root ${pki.caFile}`,
    `Server certificate SHA-256: ${pki.serverFingerprint256}`,
  ].join('\n');
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
