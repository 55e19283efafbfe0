import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PINNED_UPDATE_KEYS } from '#core/update/pinned-keys.ts';
import { verifyManifest } from '#core/update/verify-manifest.ts';
import { generateSigningKey, pinnedKeysModuleSource, PINNED_KEYS_MODULE, readPublicKeys, signRelease } from './release-sign.ts';

const run = promisify(execFile);
const script = path.join(import.meta.dirname, 'release-sign.ts');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cc-release-sign-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('release-sign', () => {
  it('creates a key pair with the private key for this user only, and never overwrites one', async () => {
    const written = await generateSigningKey({ id: 'publisher-test', privateKeyPath: path.join(dir, 'secret', 'publisher-test.key'), publicDir: path.join(dir, 'public') });
    expect(await readFile(written.privateKeyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await readFile(written.publicKeyPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    if (process.platform !== 'win32') expect((await stat(written.privateKeyPath)).mode & 0o777).toBe(0o600);
    await expect(generateSigningKey({ id: 'publisher-test', privateKeyPath: written.privateKeyPath, publicDir: path.join(dir, 'other') })).rejects.toThrow(/EEXIST/);
  });

  it('refuses to write a private key inside the repository', async () => {
    await expect(generateSigningKey({ id: 'publisher-test', privateKeyPath: path.join(import.meta.dirname, 'oops.key'), publicDir: dir })).rejects.toThrow(/inside the repository/);
  });

  it('signs a manifest the console verifies, from a key in the environment, via the npm script entry point', async () => {
    const written = await generateSigningKey({ id: 'publisher-test', privateKeyPath: path.join(dir, 'k.key'), publicDir: dir });
    const artifact = path.join(dir, 'Central Console-2.0.0.AppImage');
    await writeFile(artifact, 'an AppImage');
    const out = path.join(dir, 'feed');
    const args = [script, 'sign', '--version', '2.0.0', '--serial', '7', '--platform', 'linux', '--out', out, '--allow-unpinned-key', artifact];
    const env = { ...process.env, CENTRAL_CONSOLE_UPDATE_KEY: await readFile(written.privateKeyPath, 'utf8') };
    const { stdout } = await run(process.execPath, args, { env });
    expect(stdout).toMatch(/signed 2.0.0 \(serial 7, latest, expires /);

    const manifestBytes = await readFile(path.join(out, 'latest-linux.json'));
    const signatureText = await readFile(path.join(out, 'latest-linux.json.sig'), 'utf8');
    const [pinned] = await readPublicKeys(dir);
    const verified = verifyManifest({
      manifestBytes,
      signatureText,
      keys: [pinned!],
      channel: 'latest',
      platform: 'linux',
      currentVersion: '1.0.0',
      serialFloor: 1,
      highWater: null,
      now: new Date(),
    });
    expect(verified.manifest.files).toEqual([{ url: 'Central Console-2.0.0.AppImage', sha512: expect.stringMatching(/==$/), size: 11 }]);

    // The same serial again is refused by the signer before any console would refuse it.
    await expect(run(process.execPath, args, { env })).rejects.toMatchObject({ stderr: expect.stringMatching(/Serial 7 is not above the previous manifest's 7/) });
  });

  it('refuses to sign with a key no console trusts', async () => {
    const written = await generateSigningKey({ id: 'publisher-test', privateKeyPath: path.join(dir, 'k.key'), publicDir: dir });
    const artifact = path.join(dir, 'app-2.0.0.zip');
    await writeFile(artifact, 'zip');
    const sign = signRelease({ version: '2.0.0', serial: 1, channel: 'latest', platform: 'darwin', files: [artifact], outDir: dir, privateKeyText: await readFile(written.privateKeyPath, 'utf8'), validDays: 30 });
    await expect(sign).rejects.toThrow(/not pinned in the console/);
  });

  it('keeps pinned-keys.ts equal to resources/update-keys/*.pub', async () => {
    const keys = await readPublicKeys();
    expect(keys.length).toBeGreaterThan(0);
    expect(await readFile(PINNED_KEYS_MODULE, 'utf8')).toBe(pinnedKeysModuleSource(keys));
    expect(PINNED_UPDATE_KEYS).toEqual(keys);
  });
});
