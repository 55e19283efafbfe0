import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { AppUpdater } from 'electron-updater/out/AppUpdater.js';
import type { DownloadUpdateOptions } from 'electron-updater/out/AppUpdater.js';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { createDevPki } from '#sim/src/certs.ts';
import { startScriptedServer, type ScriptedServer } from '#core/api/test-support/scripted-server.ts';
import type { Log } from '#core/log.ts';
import type { UpdateState } from '#shared/update/index.ts';
import { createHighWaterStore } from '#core/update/high-water-store.ts';
import type { PinnedKey } from '#core/update/manifest-signature.ts';
import { createUpdateVerifier } from '#core/update/update-verifier.ts';
import type { TestKey } from '#core/update/test-support/signing.ts';
import { signRelease } from '../../../scripts/release-sign.ts';
import type { ProxyResolver } from '#core/api/proxy.ts';
import { configureSignedUpdates, createSignedUpdaterEngine } from '../signed-updater.ts';

/**
 * Test support: a small update feed over real HTTPS on 127.0.0.1 (a test CA), serving whatever
 * files a test puts in it, and an AppUpdater that runs in Node.
 */
export interface UpdateFeed {
  server: ScriptedServer;
  caPem: string;
  url: string;
  /** The files served, by name: tests replace or alter them. */
  files: Map<string, Buffer>;
  /** Serves every file of a folder (what release:sign wrote, plus the release files). */
  publish(dir: string): Promise<void>;
  close(): Promise<void>;
}

export async function startUpdateFeed(options: { tls: boolean } = { tls: true }): Promise<UpdateFeed> {
  const pki = await createDevPki('Update feed test CA');
  const server = await startScriptedServer(options.tls ? { certPem: pki.serverCertPem, keyPem: pki.serverKeyPem } : null);
  const files = new Map<string, Buffer>();
  server.script((request, response) => {
    const name = decodeURIComponent(request.path.replace(/^\/feed\//, ''));
    const body = files.get(name);
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': body.byteLength }).end(body);
  });
  return {
    server,
    caPem: pki.caCertPem,
    url: `${server.origin}/feed/`,
    files,
    async publish(dir) {
      for (const name of await readdir(dir)) files.set(name, await readFile(path.join(dir, name)));
    },
    close: () => server.close(),
  };
}

/** electron-updater's app adapter, for an installed (packaged) app of `version` in a scratch folder. */
export function testAppAdapter(version: string, dir: string): AppAdapter {
  return {
    version,
    name: 'Central Console',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: dir,
    baseCachePath: dir,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

/**
 * The real AppUpdater (check, compare, events), with the platform download step replaced: Electron's
 * `net` cannot run in Node, so the file is fetched with undici over the same test CA. It emits
 * 'update-downloaded' like the platform updaters do; quitAndInstall only records the call.
 */
export class NodeTestUpdater extends AppUpdater {
  readonly installs: Array<{ isSilent: boolean | undefined; isForceRunAfter: boolean | undefined }> = [];
  private readonly caPem: string;
  private readonly downloadDir: string;

  constructor(app: AppAdapter, caPem: string, downloadDir: string) {
    super(null, app);
    this.caPem = caPem;
    this.downloadDir = downloadDir;
  }

  protected override async doDownloadUpdate(options: DownloadUpdateOptions): Promise<{ updateFile: string }> {
    const { info, provider } = options.updateInfoAndProvider;
    const [file] = provider.resolveFiles(info);
    if (!file) throw new Error('no file to download');
    const dispatcher = new Agent({ connect: { ca: this.caPem } });
    try {
      const response = await fetch(file.url.href, { dispatcher });
      if (response.status !== 200) throw new Error(`download answered ${response.status}`);
      const target = path.join(this.downloadDir, path.basename(decodeURIComponent(file.url.pathname)));
      await writeFile(target, Buffer.from(await response.arrayBuffer()));
      this.emit('update-downloaded', { ...info, downloadedFile: target });
      return { updateFile: target };
    } finally {
      await dispatcher.close();
    }
  }

  override quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push({ isSilent, isForceRunAfter });
  }
}

export async function scratchDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Builds a linux release with the real signing command into `dir` and publishes it on the feed. */
export async function publishRelease(feed: UpdateFeed, dir: string, version: string, options: { serial: number; key: TestKey; releaseDate?: Date }) {
  await mkdir(dir, { recursive: true });
  const artifact = path.join(dir, `Central Console-${version}.AppImage`);
  await writeFile(artifact, Buffer.from(`Central Console ${version} for linux`));
  await signRelease({
    version,
    serial: options.serial,
    channel: 'latest',
    platform: 'linux',
    files: [artifact],
    outDir: dir,
    privateKeyText: options.key.privateKeyPem,
    validDays: 30,
    releaseNotes: `What is new in ${version}`,
    ...(options.releaseDate ? { releaseDate: options.releaseDate } : {}),
    allowUnpinnedKey: true,
  });
  await feed.publish(dir);
  return { artifactName: path.basename(artifact) };
}

/**
 * An installed linux console's updater, wired as auto-update.ts wires the app's: the real
 * AppUpdater (Node download step), the signed provider, core's verifier with its high-water file.
 */
export function installedUpdater(options: { feed: UpdateFeed; feedUrl?: string; dir: string; installedVersion: string; keys: PinnedKey[]; serialFloor: number; log: Log; resolveProxy?: ProxyResolver }) {
  const verifier = createUpdateVerifier({
    keys: options.keys,
    serialFloor: options.serialFloor,
    highWater: createHighWaterStore(path.join(options.dir, 'data')),
    channel: 'latest',
    platform: 'linux',
    currentVersion: options.installedVersion,
    log: options.log,
  });
  const updater = new NodeTestUpdater(testAppAdapter(options.installedVersion, path.join(options.dir, 'app')), options.feed.caPem, options.dir);
  updater.logger = null;
  configureSignedUpdates(updater, { feedUrl: options.feedUrl ?? options.feed.url, channel: 'latest', verifier, caPem: options.feed.caPem, timeoutMs: 5_000, ...(options.resolveProxy ? { resolveProxy: options.resolveProxy } : {}) });
  const engine = createSignedUpdaterEngine({ updater, verifier, channel: 'latest', log: options.log, schedule: null });
  return { updater, verifier, engine };
}

/** Resolves with the update state once it reaches one of `phases` (polled; fails after 10 s). */
export function waitForUpdatePhase(read: () => UpdateState | Promise<UpdateState>, phases: UpdateState['phase'][]): Promise<UpdateState> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = async () => {
      const state = await read();
      if (phases.includes(state.phase)) resolve(state);
      else if (Date.now() - started > 10_000) reject(new Error(`update state stayed ${state.phase}`));
      else setTimeout(() => void poll(), 10);
    };
    void poll();
  });
}
