import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublicKeys } from '../../scripts/release-sign.ts';

const repoRoot = path.join(import.meta.dirname, '..', '..');
let outDir: string;
let mainBundle: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'cc-main-bundle-'));
  await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--only', 'electron', '--out', outDir], { cwd: repoRoot });
  mainBundle = await readFile(path.join(outDir, 'electron', 'main.cjs'), 'utf8');
}, 120_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the main bundle', () => {
  it('carries every public key in resources/update-keys, and no private key', async () => {
    const keys = await readPublicKeys();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const body = key.publicKeyPem.split('\n').filter((line) => line && !line.startsWith('-----')).join('');
      expect(mainBundle, key.id).toContain(body);
      expect(mainBundle).toContain(JSON.stringify(key.id));
    }
    expect(mainBundle).not.toMatch(/PRIVATE KEY/);
  });

  it('loads the provider base class from its own file', () => {
    expect(mainBundle).toContain('require("electron-updater/out/providers/Provider.js")');
  });
});
