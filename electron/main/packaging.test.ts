import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { listPackage } from '@electron/asar';
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import { DEFAULT_UPDATE_FEED_URL } from './signed-updater.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const loadConfig = async () => parse(await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Configuration & Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('sets every fuse the security checklist asks for (docs/SECURITY.md)', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('packs an asar of the built app only, with the agreed targets, and names the signed update feed', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('net.osiriscare.central-console');
    expect(config.productName).toBe('Central Console');
    expect(config.asar).toBe(true);
    expect(config.directories?.output).toBe('release');
    expect(config.publish).toEqual({ provider: 'generic', url: DEFAULT_UPDATE_FEED_URL });
    const included = (config.files as string[]).filter((pattern) => !pattern.startsWith('!'));
    expect(included.sort()).toEqual(['build/electron/**', 'build/renderer/**', 'package.json']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(existsSync(join(repoRoot, String(config.mac?.entitlements)))).toBe(true);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('registers central-console:// for macOS and the Linux desktop file, and names no signing secret', async () => {
    const config = await loadConfig();
    expect(config.protocols).toEqual([{ name: 'Central Console link', schemes: ['central-console'] }]);
    // Certificates, passwords, identities, publisher and notarization credentials come from the
    // environment (CSC_LINK, APPLE_API_KEY, …): none of them may be written into the config.
    const text = await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8');
    const configOnly = text.replace(/^\s*#.*$/gm, '');
    for (const key of ['cscLink', 'cscKeyPassword', 'certificateFile', 'certificatePassword', 'certificateSubjectName', 'certificateSha1', 'publisherName', 'identity', 'appleId', 'appleIdPassword', 'teamId', 'signtoolOptions', 'azureSignOptions']) {
      expect(configOnly, key).not.toMatch(new RegExp(`\\b${key}\\s*:`));
    }
    // Notarization is decided by the environment: electron-builder notarizes when the Apple credentials are set.
    expect(config.mac).not.toHaveProperty('notarize');
    expect(config.mac?.hardenedRuntime).toBe(true);
  });
});

// electron-builder's own run on the real config and the real project: the built bundles and the
// production dependencies exactly as `npm ci` installed them (a copied or symlinked node_modules
// makes electron-builder lose transitive dependencies). The Electron binary is a stand-in (it
// cannot be downloaded here), so the config is used without electronFuses: a stand-in has no fuse
// sentinel to flip. The real binary's fuses are read back below when one is present.
const electronVersion = (JSON.parse(await readFile(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

async function ensureBuilt(): Promise<void> {
  if (existsSync(join(repoRoot, 'build', 'electron', 'main.cjs')) && existsSync(join(repoRoot, 'build', 'renderer', 'index.html'))) return;
  // As `npm run build` runs it: vitest's NODE_ENV=test would give the renderer React's development build, over its size budget.
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--only', 'renderer,electron'], { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production' } });
}

async function packageDir(work: string, config: Record<string, unknown>): Promise<string> {
  const configFile = join(work, 'electron-builder.yml');
  const output = join(work, 'release');
  await writeFile(configFile, stringify({ ...config, electronVersion, directories: { ...(config['directories'] as object), output } }));
  // A config file rather than an object: with an object electron-builder merges in the project's own file (and its fuses).
  await build({ projectDir: repoRoot, targets: Platform.LINUX.createTarget('dir', Arch.x64), publish: 'never', config: configFile });
  return join(output, 'linux-unpacked');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}/${entry.name}`) : [`${prefix}/${entry.name}`])));
  return nested.flat();
}

describe('electron-builder --dir on the real config and production node_modules (stand-in Electron binary)', () => {
  let work: string;
  let asarEntries: string[];
  let unpacked: string;
  let unpackedFiles: string[];

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(join(tmpdir(), 'cc-packaging-'));
    const electronDist = join(work, 'electron-dist');
    await mkdir(electronDist, { recursive: true });
    await writeFile(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
    await chmod(join(electronDist, 'electron'), 0o755);
    const { electronFuses: _fuses, ...config } = await loadConfig();
    const appDir = join(await packageDir(work, { ...config, electronDist }), 'resources');
    asarEntries = listPackage(join(appDir, 'app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
    unpacked = join(appDir, 'app.asar.unpacked');
    unpackedFiles = await listFiles(unpacked);
  }, 180_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('puts main, preload, both database workers and the renderer into app.asar', () => {
    for (const entry of ['/package.json', '/build/electron/main.cjs', '/build/electron/preload.cjs', '/build/electron/cache-worker.mjs', '/build/electron/durable-worker.mjs', '/build/renderer/index.html']) {
      expect(asarEntries).toContain(entry);
    }
    expect(asarEntries.some((entry) => /^\/build\/renderer\/assets\/.+\.js$/.test(entry))).toBe(true);
  });

  it('ships every production dependency the bundles load, with their own dependencies', () => {
    const packages = new Set(asarEntries.map((entry) => entry.match(/^\/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]).filter(Boolean));
    for (const name of ['electron-updater', 'builder-util-runtime', 'js-yaml', 'semver', 'lazy-val', '@napi-rs/keyring', 'better-sqlite3-multiple-ciphers', 'ky', 'undici', 'zod']) {
      expect(packages, name).toContain(name);
    }
    for (const devOnly of ['electron', 'vite', 'vitest', 'react', 'esbuild', 'fastify', 'electron-builder', '@doyensec/electronegativity']) {
      expect(packages, devOnly).not.toContain(devOnly);
    }
  });

  it('unpacks the Linux natives next to the asar: SQLCipher and the keyring', () => {
    expect(unpackedFiles).toContain('/node_modules/better-sqlite3-multiple-ciphers/prebuilds/linux-x64.node');
    expect(unpackedFiles).toContain('/node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node');
  });

  it('ships no tests, sources, source maps, keys, environment files, web shell or simulator', () => {
    const everything = [...asarEntries, ...unpackedFiles.map((file) => `/unpacked${file}`)];
    const forbidden = everything.filter((entry) =>
      /\.test\.|\.spec\.|\.map$|\.tsx?$|\.[mc]ts$|\/\.env|\.(key|pem|p12|pfx)$|central-sim|web-shell|^\/(electron|shared|renderer|tests|e2e|scripts|tools|resources|docs)\/|\/(test|tests|__tests__)\/|\/deps\/|\/src\/.*\.(c|cc|cpp|h)$/.test(entry),
    );
    expect(forbidden).toEqual([]);
  });

  it('writes the app-update.yml electron-updater reads its cache folder from', async () => {
    const updateConfig = parse(await readFile(join(unpacked, '..', 'app-update.yml'), 'utf8')) as Record<string, unknown>;
    expect(updateConfig).toMatchObject({ provider: 'generic', url: DEFAULT_UPDATE_FEED_URL, updaterCacheDirName: expect.any(String) });
  });
});

// With a real Electron binary (a release machine, or a CI image that has one) the package gets the
// configured fuses and they are read back from the packaged binary with `electron-fuses read`.
const realElectronDist = join(repoRoot, 'node_modules', 'electron', 'dist');
const realElectron = existsSync(join(realElectronDist, 'electron'));
const FUSE_NAMES: Record<string, string> = {
  runAsNode: 'RunAsNode',
  enableCookieEncryption: 'EnableCookieEncryption',
  enableNodeOptionsEnvironmentVariable: 'EnableNodeOptionsEnvironmentVariable',
  enableNodeCliInspectArguments: 'EnableNodeCliInspectArguments',
  enableEmbeddedAsarIntegrityValidation: 'EnableEmbeddedAsarIntegrityValidation',
  onlyLoadAppFromAsar: 'OnlyLoadAppFromAsar',
  grantFileProtocolExtraPrivileges: 'GrantFileProtocolExtraPrivileges',
  loadBrowserProcessSpecificV8Snapshot: 'LoadBrowserProcessSpecificV8Snapshot',
};

describe.skipIf(!realElectron)(`fuses read back from a package built with the real Electron binary${realElectron ? '' : ' — skipped: no node_modules/electron/dist (the binary cannot be downloaded here)'}`, () => {
  it('every configured fuse is set in the packaged binary', async () => {
    const work = await mkdtemp(join(tmpdir(), 'cc-fuses-'));
    try {
      const config = await loadConfig();
      const appDir = await packageDir(work, { ...config, electronDist: realElectronDist });
      const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules', '@electron', 'fuses', 'dist', 'bin.js'), 'read', '--app', join(appDir, 'central-console')], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
      const read = new Map([...stripVTControlCharacters(stdout).matchAll(/^\s*(\w+) is (\w+)/gm)].map((match) => [match[1], match[2]]));
      for (const [key, enabled] of Object.entries(config.electronFuses as Record<string, boolean>)) {
        expect(read.get(FUSE_NAMES[key] ?? key), key).toBe(enabled ? 'Enabled' : 'Disabled');
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 180_000);
});
