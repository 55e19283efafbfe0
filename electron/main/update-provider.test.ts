import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateState } from '#shared/update/index.ts';
import { routeFromPacResult, type ProxyResolver } from '#core/api/proxy.ts';
import { startConnectProxy } from '#core/api/test-support/local-proxies.ts';
import { createHighWaterStore } from '#core/update/high-water-store.ts';
import { createUpdateController } from '#core/update/update-controller.ts';
import { createUpdateVerifier } from '#core/update/update-verifier.ts';
import { makeTestKey, type TestKey } from '#core/update/test-support/signing.ts';
import type { Log } from '#core/log.ts';
import { configureSignedUpdates, DEFAULT_UPDATE_FEED_URL, updateFeedFrom } from './signed-updater.ts';
import { installedUpdater, NodeTestUpdater, publishRelease, scratchDir, startUpdateFeed, testAppAdapter, waitForUpdatePhase, type UpdateFeed } from './test-support/update-feed.ts';

const publisher = makeTestKey('publisher-2026');
const stranger = makeTestKey('stranger');
const DAY = 86_400_000;

let feed: UpdateFeed;
let scratch: Awaited<ReturnType<typeof scratchDir>>;
let logLines: Array<{ level: string; message: string; reason?: string }>;

beforeAll(async () => {
  feed = await startUpdateFeed();
});
afterAll(async () => {
  await feed.close();
});
beforeEach(async () => {
  scratch = await scratchDir('cc-update-feed-');
  feed.files.clear();
  logLines = [];
});
afterEach(async () => {
  await scratch.remove();
});

async function release(version: string, options: { serial: number; key?: TestKey; releaseDate?: Date }) {
  return publishRelease(feed, path.join(scratch.dir, `release-${version}-${options.serial}`), version, { key: publisher, ...options });
}

/** An installed console of `installedVersion`: real AppUpdater + signed provider + core verifier and controller. */
function installedConsole(installedVersion: string, feedUrl = feed.url, resolveProxy?: ProxyResolver) {
  const log = collectingLog();
  const { updater, engine } = installedUpdater({ feed, feedUrl, dir: scratch.dir, installedVersion, keys: [publisher.pinned], serialFloor: 3, log, ...(resolveProxy ? { resolveProxy } : {}) });
  const states: UpdateState[] = [];
  let syncing = false;
  const controller = createUpdateController({
    support: { engine },
    currentVersion: installedVersion,
    restartBlocker: () => (syncing ? 'the running sync' : null),
    onChange: (state) => states.push(state),
    log,
  });
  const settled = (phases: UpdateState['phase'][]) => waitForUpdatePhase(() => controller.state(), phases);
  return { updater, controller, states, settled, setSyncing: (value: boolean) => (syncing = value) };
}

function refusals() {
  return logLines.filter((line) => line.level === 'warn' && line.reason);
}

describe('signed updates against an HTTPS feed', () => {
  it('offers, downloads and verifies a valid release, and installs it only when the technician restarts outside a sync', async () => {
    const { artifactName } = await release('1.5.0', { serial: 10 });
    const console = installedConsole('1.4.0');
    await console.controller.check();
    const ready = await console.settled(['ready', 'error']);
    expect(ready).toMatchObject({ phase: 'ready', update: { version: '1.5.0', releaseNotes: 'What is new in 1.5.0' }, restartBlockedBy: null });
    expect(console.states.map((state) => state.phase)).toEqual(expect.arrayContaining(['checking', 'available', 'ready']));
    expect(logLines).toContainEqual(expect.objectContaining({ level: 'info', message: 'update manifest verified: offering the update', version: '1.5.0' }));
    expect(logLines).toContainEqual(expect.objectContaining({ message: 'downloaded update verified against the signed manifest', file: artifactName }));
    expect(console.updater.installs).toEqual([]);
    expect(console.updater.autoInstallOnAppQuit).toBe(false);

    console.setSyncing(true);
    await expect(console.controller.restart()).rejects.toThrow(/waits until the running sync has finished/);
    expect(console.controller.state().restartBlockedBy).toBe('the running sync');
    expect(console.updater.installs).toEqual([]);

    console.setSyncing(false);
    await console.controller.restart();
    expect(console.updater.installs).toEqual([{ isSilent: false, isForceRunAfter: true }]);
  });

  it('says the installed version is current when the feed serves it', async () => {
    await release('1.4.0', { serial: 10 });
    const console = installedConsole('1.4.0');
    await console.controller.check();
    expect(await console.settled(['up-to-date', 'error'])).toMatchObject({ phase: 'up-to-date', update: null });
  });

  it('refuses a manifest changed after signing', async () => {
    await release('1.5.0', { serial: 10 });
    const manifest = feed.files.get('latest-linux.json')!.toString();
    feed.files.set('latest-linux.json', Buffer.from(manifest.replace('What is new in 1.5.0', 'Install me now')));
    const console = installedConsole('1.4.0');
    await console.controller.check();
    expect(await console.settled(['error', 'ready'])).toMatchObject({ phase: 'error', refused: true, message: expect.stringMatching(/not signed by a publisher key built into this console/) });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'bad-signature' })]);
  });

  it('refuses a release file altered on the feed after signing, before it could be installed', async () => {
    const { artifactName } = await release('1.5.0', { serial: 10 });
    const original = feed.files.get(artifactName)!;
    const altered = Buffer.from(original);
    altered[0] = altered[0]! ^ 0xff;
    feed.files.set(artifactName, altered);
    const console = installedConsole('1.4.0');
    await console.controller.check();
    expect(await console.settled(['error', 'ready'])).toMatchObject({ phase: 'error', refused: true, message: expect.stringMatching(/does not match the SHA-512 in the signed manifest/) });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'artifact-mismatch' })]);
    await expect(console.controller.restart()).rejects.toThrow(/No verified update is ready/);
    expect(console.updater.installs).toEqual([]);
  });

  it('refuses a manifest signed with a key that is not pinned', async () => {
    await release('1.5.0', { serial: 10, key: stranger });
    const console = installedConsole('1.4.0');
    await console.controller.check();
    expect(await console.settled(['error', 'ready'])).toMatchObject({ phase: 'error' });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'bad-signature' })]);
  });

  it('refuses an older manifest replayed after a newer one was seen', async () => {
    await release('1.6.0', { serial: 20 });
    const first = installedConsole('1.4.0');
    first.updater.autoDownload = false;
    await first.controller.check();
    expect(await first.settled(['available', 'error'])).toMatchObject({ phase: 'available', update: { version: '1.6.0' } });

    feed.files.clear();
    await release('1.5.0', { serial: 19 });
    const afterRestart = installedConsole('1.4.0');
    await afterRestart.controller.check();
    expect(await afterRestart.settled(['error', 'ready', 'available'])).toMatchObject({ phase: 'error', message: expect.stringMatching(/serial 19 is older than one this console already accepted \(serial 20\)/) });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'replayed' })]);
  });

  it('refuses a manifest older than the floor built into the app at first run', async () => {
    await release('1.5.0', { serial: 2 });
    const console = installedConsole('1.4.0');
    await console.controller.check();
    expect(await console.settled(['error', 'ready'])).toMatchObject({ phase: 'error' });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'replayed', message: expect.stringMatching(/older than this build's own release \(serial 3\)/) })]);
  });

  it('refuses a downgrade, even signed and with a newer serial', async () => {
    await release('1.3.0', { serial: 30 });
    const console = installedConsole('1.4.0');
    await console.controller.check();
    expect(await console.settled(['error', 'ready', 'up-to-date'])).toMatchObject({ phase: 'error', message: expect.stringMatching(/1.3.0 is older than the installed 1.4.0/) });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'downgrade' })]);
  });

  it('refuses an expired manifest', async () => {
    await release('1.5.0', { serial: 10, releaseDate: new Date(Date.now() - 40 * DAY) });
    const console = installedConsole('1.4.0');
    await console.controller.check();
    expect(await console.settled(['error', 'ready'])).toMatchObject({ phase: 'error', message: expect.stringMatching(/expired at/) });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'expired' })]);
  });

  it('refuses a feed over plain http without requesting anything from it', async () => {
    const plain = await startUpdateFeed({ tls: false });
    try {
      const console = installedConsole('1.4.0', plain.url);
      await console.controller.check();
      expect(await console.settled(['error', 'ready'])).toMatchObject({ phase: 'error', refused: true, message: expect.stringMatching(/is not https:\/\/; updates are only fetched over TLS/) });
      expect(refusals()).toEqual([expect.objectContaining({ reason: 'insecure-feed' })]);
      expect(plain.server.requests).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('refuses a feed whose certificate this computer does not trust', async () => {
    await release('1.5.0', { serial: 10 });
    const console = installedConsole('1.4.0');
    const untrusting = createUpdateVerifier({
      keys: [publisher.pinned],
      serialFloor: 1,
      highWater: createHighWaterStore(path.join(scratch.dir, 'other')),
      channel: 'latest',
      platform: 'linux',
      currentVersion: '1.4.0',
      log: collectingLog(),
    });
    configureSignedUpdates(console.updater, { feedUrl: feed.url, channel: 'latest', verifier: untrusting, caPem: null, timeoutMs: 5_000 });
    await console.controller.check();
    // Unreachable is not a refusal: the renderer does not interrupt the technician for it.
    expect(await console.settled(['error', 'ready'])).toMatchObject({ phase: 'error', refused: false, message: expect.stringMatching(/cannot be reached over a trusted TLS connection/) });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'feed-unavailable' })]);
  });
});

describe('the update feed behind a proxy (a local CONNECT proxy on 127.0.0.1)', () => {
  it('fetches manifest and signature through the route the resolver gives, asked for the feed', async () => {
    await release('1.5.0', { serial: 10 });
    const proxy = await startConnectProxy();
    try {
      const asked: string[] = [];
      const console = installedConsole('1.4.0', feed.url, async (url) => {
        asked.push(url);
        return routeFromPacResult(`PROXY ${new URL(proxy.uri).host}`);
      });
      await console.controller.check();
      expect(await console.settled(['ready', 'error'])).toMatchObject({ phase: 'ready', update: { version: '1.5.0' } });
      expect(asked).toEqual([feed.url]);
      expect(proxy.tunnels).toEqual(Array(2).fill(new URL(feed.url).host));
    } finally {
      await proxy.close();
    }
  });

  it('says a proxy that wants credentials needs them, and one it cannot use (SOCKS4) by name', async () => {
    await release('1.5.0', { serial: 10 });
    const proxy = await startConnectProxy({ requireCredentials: { username: 'corp', password: 'pw' } });
    try {
      const behindAuth = installedConsole('1.4.0', feed.url, async () => routeFromPacResult(`PROXY ${new URL(proxy.uri).host}`));
      await behindAuth.controller.check();
      expect(await behindAuth.settled(['error', 'ready'])).toMatchObject({ phase: 'error', refused: false, message: expect.stringMatching(/proxy .* asks for credentials \(407\)/) });
    } finally {
      await proxy.close();
    }
    const socks4 = installedConsole('1.4.0', feed.url, async () => routeFromPacResult('SOCKS 10.0.0.1:1080'));
    await socks4.controller.check();
    expect(await socks4.settled(['error', 'ready'])).toMatchObject({ phase: 'error', refused: false, message: expect.stringMatching(/SOCKS 10\.0\.0\.1:1080, which the console cannot use/) });
  });
});

describe('electron-updater settings', () => {
  it('keeps allowDowngrade false with a channel set (electron-updater turns it on when the channel is set)', async () => {
    const updater = new NodeTestUpdater(testAppAdapter('1.4.0', scratch.dir), feed.caPem, scratch.dir);
    updater.channel = 'beta';
    expect(updater.allowDowngrade).toBe(true);

    const verifier = createUpdateVerifier({ keys: [], serialFloor: 1, highWater: createHighWaterStore(scratch.dir), channel: 'beta', platform: 'linux', currentVersion: '1.4.0', log: () => undefined });
    configureSignedUpdates(updater, { feedUrl: feed.url, channel: 'beta', verifier });
    expect(updater.channel).toBe('beta');
    expect(updater).toMatchObject({ allowDowngrade: false, allowPrerelease: false, autoInstallOnAppQuit: false, disableDifferentialDownload: true, disableWebInstaller: true });
  });

  it('follows the stable channel of the publisher feed unless told otherwise', () => {
    expect(updateFeedFrom({})).toEqual({ feedUrl: DEFAULT_UPDATE_FEED_URL, channel: 'latest' });
    expect(updateFeedFrom({ CENTRAL_CONSOLE_UPDATE_CHANNEL: 'beta', CENTRAL_CONSOLE_UPDATE_FEED: 'https://staging.example/feed/' })).toEqual({ feedUrl: 'https://staging.example/feed/', channel: 'beta' });
    expect(updateFeedFrom({ CENTRAL_CONSOLE_UPDATE_CHANNEL: 'nightly', CENTRAL_CONSOLE_UPDATE_FEED: '  ' })).toEqual({ feedUrl: DEFAULT_UPDATE_FEED_URL, channel: 'latest' });
  });

  it('loads the provider in plain Node without loading electron', async () => {
    // Any attempt to resolve `electron`, from ESM or from a require() inside electron-updater, throws.
    const probe = [
      "import { registerHooks } from 'node:module';",
      "registerHooks({ resolve(specifier, context, next) { if (specifier === 'electron') throw new Error('electron was loaded'); return next(specifier, context); } });",
      `await import(${JSON.stringify(path.join(import.meta.dirname, 'signed-updater.ts'))});`,
      `const { SignedManifestProvider } = await import(${JSON.stringify(path.join(import.meta.dirname, 'update-provider.ts'))});`,
      'console.log(typeof SignedManifestProvider);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', probe], { cwd: path.join(import.meta.dirname, '..', '..') });
    expect(stdout.trim()).toBe('function');
  });
});

/** Each log entry as the test reads it: level, message and fields, the way a log line holds them. */
function collectingLog(): Log {
  return (level, message, fields) => void logLines.push({ level, message, ...fields } as (typeof logLines)[number]);
}
