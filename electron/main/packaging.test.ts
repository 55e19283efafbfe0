import { mkdir, mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
});

// electron-builder's own run on the real config, with a stand-in Electron and a stand-in build/
// tree. Without electronFuses: a stand-in binary has no fuse sentinel to flip (toolchain.md).
describe('electron-builder --dir on the real config (stand-in electronDist)', () => {
  let work: string;
  let asarEntries: string[];
  let unpacked: string;

  async function put(path: string, content = `// ${path}\n`) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cc-packaging-'));
    const project = join(work, 'project');
    const electronDist = join(work, 'electron-dist');
    const output = join(work, 'release');

    await put(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
    await chmod(join(electronDist, 'electron'), 0o755);
    await put(join(electronDist, 'LICENSE'), 'stand-in');

    const nativeVersion = '13.0.0';
    await put(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'central-console',
        version: '0.1.0',
        description: 'stand-in',
        author: 'OsirisCare',
        main: 'build/electron/main.cjs',
        dependencies: { 'better-sqlite3-multiple-ciphers': nativeVersion },
      }),
    );
    for (const file of ['build/electron/main.cjs', 'build/electron/preload.cjs', 'build/electron/cache-worker.mjs', 'build/electron/durable-worker.mjs', 'build/electron/main.cjs.map', 'build/renderer/index.html', 'build/renderer/assets/app.js']) {
      await put(join(project, file));
    }
    // What must not ship: sources, tests, the simulator, the web shell.
    for (const file of ['electron/main/main.ts', 'electron/main/main.test.ts', 'electron/web-shell/server.ts', 'central-sim/src/server.ts', 'tests/integration/x.test.ts', 'shared/ipc/contract.ts']) {
      await put(join(project, file));
    }
    const native = join(project, 'node_modules', 'better-sqlite3-multiple-ciphers');
    await put(join(native, 'package.json'), JSON.stringify({ name: 'better-sqlite3-multiple-ciphers', version: nativeVersion, main: 'lib/index.js' }));
    await put(join(native, 'lib', 'index.js'));
    await put(join(native, 'prebuilds', 'linux-x64.node'), 'not really a binary');
    await put(join(native, 'deps', 'sqlite3', 'sqlite3.c'), '/* the C sources */');

    const { electronFuses: _fuses, ...config } = await loadConfig();
    await build({
      projectDir: project,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: { ...config, electronDist, electronVersion: '45.4.1', directories: { ...config.directories, output } },
    });
    const appDir = join(output, 'linux-unpacked', 'resources');
    asarEntries = listPackage(join(appDir, 'app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
    unpacked = join(appDir, 'app.asar.unpacked');
  }, 60_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('puts main, preload, both database workers and the renderer into app.asar', () => {
    for (const entry of ['/package.json', '/build/electron/main.cjs', '/build/electron/preload.cjs', '/build/electron/cache-worker.mjs', '/build/electron/durable-worker.mjs', '/build/renderer/index.html', '/build/renderer/assets/app.js']) {
      expect(asarEntries).toContain(entry);
    }
  });

  it('leaves out sources, tests, the simulator, the web shell, source maps and native sources', () => {
    const forbidden = asarEntries.filter((entry) => /\.test\.|\.map$|central-sim|web-shell|^\/electron\/|^\/shared\/|^\/tests\/|\/deps\//.test(entry));
    expect(forbidden).toEqual([]);
  });

  it('writes the app-update.yml electron-updater reads its cache folder from', async () => {
    const updateConfig = parse(await readFile(join(unpacked, '..', 'app-update.yml'), 'utf8')) as Record<string, unknown>;
    expect(updateConfig).toMatchObject({ provider: 'generic', url: DEFAULT_UPDATE_FEED_URL, updaterCacheDirName: expect.any(String) });
  });

  it('unpacks the native binaries next to the asar', () => {
    expect(existsSync(join(unpacked, 'node_modules', 'better-sqlite3-multiple-ciphers', 'prebuilds', 'linux-x64.node'))).toBe(true);
  });
});
