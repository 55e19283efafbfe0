import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Log } from '../log.ts';
import { createHighWaterStore } from './high-water-store.ts';
import { createUpdateVerifier } from './update-verifier.ts';
import { makeTestKey, RELEASED_AT, signed, testManifest } from './test-support/signing.ts';

const publisher = makeTestKey('publisher-2026');
let dir: string;
let lines: { level: string; message: string; fields?: Record<string, unknown> }[];
const log: Log = (level, message, fields) => lines.push({ level, message, ...(fields ? { fields } : {}) });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cc-update-verifier-'));
  lines = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function verifier(currentVersion = '1.4.0') {
  return createUpdateVerifier({
    keys: [publisher.pinned],
    serialFloor: 1,
    highWater: createHighWaterStore(dir),
    channel: 'latest',
    platform: 'linux',
    currentVersion,
    log,
    now: () => new Date(RELEASED_AT.getTime() + 60_000),
  });
}

describe('createUpdateVerifier', () => {
  it('remembers the highest accepted serial in a private file, so an older manifest is refused even after a restart', async () => {
    const newer = signed(testManifest('1.6.0', { serial: 20 }), publisher);
    await verifier().acceptManifest(newer.bytes, newer.signature);
    const file = path.join(dir, 'update-high-water.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ serial: 20 });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

    const older = signed(testManifest('1.5.0', { serial: 19 }), publisher);
    await expect(verifier().acceptManifest(older.bytes, older.signature)).rejects.toMatchObject({ reason: 'replayed' });
    expect(lines.at(-1)).toMatchObject({ level: 'warn', fields: { reason: 'replayed' } });
    expect(lines.at(-1)?.message).toMatch(/serial 19 is older than one this console already accepted \(serial 20\)/);
  });

  it('falls back to the built-in floor when the record is damaged, and says so', async () => {
    await writeFile(path.join(dir, 'update-high-water.json'), '{ not json');
    const warnings: string[] = [];
    const store = createHighWaterStore(dir, (message) => warnings.push(message));
    expect(await store.read()).toBeNull();
    expect(warnings[0]).toMatch(/not valid; only the built-in floor guards against replay/);
  });

  it('verifies the downloaded file against the accepted manifest before install', async () => {
    const artifact = Buffer.from('the real 1.5.0 AppImage');
    const manifest = testManifest('1.5.0', {}, artifact);
    const { bytes, signature } = signed(manifest, publisher);
    const updates = verifier();
    await updates.acceptManifest(bytes, signature);
    const file = path.join(dir, manifest.files[0]!.url);

    await writeFile(file, artifact);
    await expect(updates.verifyDownloaded(file)).resolves.toMatchObject({ url: manifest.files[0]!.url });

    await writeFile(file, Buffer.from('the real 1.5.0 AppImagE'));
    await expect(updates.verifyDownloaded(file)).rejects.toThrow(/does not match the SHA-512 in the signed manifest/);
    await writeFile(file, Buffer.concat([artifact, Buffer.from('!')]));
    await expect(updates.verifyDownloaded(file)).rejects.toThrow(/is 24 bytes, the signed manifest says 23/);
    expect(lines.at(-1)).toMatchObject({ level: 'warn', fields: { reason: 'artifact-mismatch' } });

    const unlisted = path.join(dir, 'Other-1.5.0.AppImage');
    await writeFile(unlisted, artifact);
    await expect(updates.verifyDownloaded(unlisted)).rejects.toThrow(/does not list the downloaded Other-1.5.0.AppImage/);
  });

  it('keeps the accepted manifest when a later check is refused, so a verified download stays installable', async () => {
    const artifact = Buffer.from('the real 1.5.0 AppImage');
    const manifest = testManifest('1.5.0', { serial: 12 }, artifact);
    const good = signed(manifest, publisher);
    const updates = verifier();
    await updates.acceptManifest(good.bytes, good.signature);
    const replayed = signed(testManifest('1.4.5', { serial: 11 }), publisher);
    await expect(updates.acceptManifest(replayed.bytes, replayed.signature)).rejects.toMatchObject({ reason: 'replayed' });
    const file = path.join(dir, manifest.files[0]!.url);
    await writeFile(file, artifact);
    await expect(updates.verifyDownloaded(file)).resolves.toMatchObject({ size: artifact.byteLength });
  });

  it('installs nothing when no newer manifest was accepted', async () => {
    const current = signed(testManifest('1.4.0'), publisher);
    const updates = verifier();
    await updates.acceptManifest(current.bytes, current.signature);
    const file = path.join(dir, 'Central Console-1.4.0.AppImage');
    await writeFile(file, 'app 1.4.0');
    await expect(updates.verifyDownloaded(file)).rejects.toThrow(/no verified manifest offers the downloaded file/);
  });
});
