import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '#shared/ipc/contract.ts';
import { contentSecurityPolicy, cspWeaknesses } from '#shared/security/csp.ts';
import { startConnectProxy } from '#core/api/test-support/local-proxies.ts';
import type { ProxyResolver } from '#core/api/proxy.ts';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import { useSimulator } from '../../tests/integration/test-support/harness.ts';
import { menuRoles } from './app-menu.ts';
import { DEFAULT_UPDATE_FEED_URL } from './signed-updater.ts';
import { WINDOW_STATE_FILE } from './window-state.ts';
import { createFakeElectron, fakeEvent, type FakeElectron, type FakeWebContents } from './test-support/fake-electron.ts';

// main.ts itself, imported against a fake `electron` (the Electron binary cannot run here) and the
// real console service (real keychain under a test service name, real data folder). Each test
// checks one wiring line of main.ts by its effect, so removing any of them fails a test here.

const APP_ENTRY_URL = 'app://console/index.html';
const DEVELOPER_ROLES = ['reload', 'forceReload', 'toggleDevTools'];

let root: string;
let fake: FakeElectron;
const simulator = useSimulator({ seed: 16, sites: 3 });

async function makeAppRoot(): Promise<string> {
  const appRoot = join(root, 'app');
  await mkdir(join(appRoot, 'build', 'renderer', 'assets'), { recursive: true });
  await writeFile(join(appRoot, 'build', 'renderer', 'index.html'), '<!doctype html><html><head><title>Central Console</title></head><body></body></html>');
  await writeFile(join(root, 'outside.txt'), 'outside the renderer');
  // The built workers are bundles of these sources; signing in opens the cache and the durable store through them.
  await mkdir(join(appRoot, 'build', 'electron'), { recursive: true });
  await writeFile(join(appRoot, 'build', 'electron', 'cache-worker.mjs'), `import ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '..', 'core', 'cache', 'cache-worker.ts')).href)};\n`);
  await writeFile(join(appRoot, 'build', 'electron', 'durable-worker.mjs'), `import ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '..', 'core', 'durable', 'durable-worker.ts')).href)};\n`);
  return appRoot;
}

/** Loads main.ts as Electron would start it, and waits until its window loaded the console. */
async function startMain(
  options: { isPackaged?: boolean; singleInstanceLock?: boolean; workAreas?: FakeElectron['screen']['workAreas']; waitForWindow?: boolean } = {},
): Promise<FakeElectron> {
  const { workAreas, waitForWindow = true, ...electronOptions } = options;
  fake = createFakeElectron({ appPath: await makeAppRoot(), userDataPath: join(root, 'userData'), ...electronOptions });
  if (workAreas) fake.screen.workAreas = workAreas;
  vi.resetModules();
  vi.doMock('electron', () => fake.module);
  vi.doMock('electron-updater', () => fake.updaterModule);
  await import('./main.ts');
  fake.becomeReady();
  if (options.singleInstanceLock !== false && waitForWindow) await vi.waitFor(() => expect(fake.windows[0]?.loadedUrls).toEqual([APP_ENTRY_URL]), { timeout: 10_000 });
  return fake;
}

function mainContents(): FakeWebContents {
  const window = fake.windows[0];
  if (!window) throw new Error('main.ts opened no window');
  return window.webContents;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cc-main-wiring-'));
  vi.stubEnv('CENTRAL_CONSOLE_DATA_DIR', join(root, 'data'));
  vi.stubEnv('CENTRAL_CONSOLE_KEYCHAIN_SERVICE', `central-console-main-wiring-${process.pid}`);
  // main.ts logs JSON lines to stderr; keep the test output readable.
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(async () => {
  // A test that leaves the app running (or quitting: a closed last window) waits for the console to be
  // disposed, so nothing still writes into the data folder when it is removed.
  if (fake && !fake.app.exited) {
    if (fake.app.quitCount === 0) fake.app.quit();
    await vi.waitFor(() => expect(fake.app.exited).toBe(true), { timeout: 10_000 });
  }
  vi.doUnmock('electron');
  vi.doUnmock('electron-updater');
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

describe('main.ts wiring (fake electron, real console service)', () => {
  it('makes app:// a privileged standard scheme and sandboxes every renderer, both before ready', async () => {
    await startMain();
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const ready = fake.calls.indexOf('ready');
    expect(fake.calls.indexOf('app.enableSandbox')).toBeGreaterThanOrEqual(0);
    expect(fake.calls.indexOf('app.enableSandbox')).toBeLessThan(ready);
    expect(fake.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(ready);
  });

  it('the default session refuses every permission request, every permission check, every device and remote requests', async () => {
    await startMain();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(fake.session.requestPermission(permission, mainContents()), `request ${permission}`).toBe(false);
      expect(fake.session.checkPermission(permission), `check ${permission}`).toBe(false);
    }
    expect(fake.session.checkDevice()).toBe(false);
    expect(fake.session.allowsRequest('https://cdn.example/lib.js')).toBe(false);
    expect(fake.session.allowsRequest(APP_ENTRY_URL)).toBe(true);
  });

  it('opens one sandboxed, isolated window with the built preload', async () => {
    await startMain();
    expect(fake.windows).toHaveLength(1);
    const web = fake.windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(web).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(web['preload']).toBe(join(fake.app.getAppPath(), 'build', 'electron', 'preload.cjs'));
  });

  it('guards the main window and every later webContents: no navigation, redirect, frame navigation, webview or new window', async () => {
    await startMain();
    for (const contents of [mainContents(), fake.createWebContents()]) {
      expect(contents.attempt('will-navigate', { url: 'https://evil.example/' })).toBe(true);
      expect(contents.attempt('will-redirect', { url: 'https://evil.example/' })).toBe(true);
      expect(contents.attempt('will-frame-navigate', { url: 'https://evil.example/frame', isMainFrame: false })).toBe(true);
      expect(contents.attempt('will-attach-webview')).toBe(true);
      expect(contents.openWindow('https://evil.example/popup')).toBe('deny');
    }
  });

  it('hands only an allow-listed https link to the browser, and only after the technician confirms', async () => {
    await startMain();
    const docs = 'https://docs.osiriscare.net/console/proxies';
    fake.dialog.messageBoxAnswer = 1;
    expect(mainContents().openWindow(docs)).toBe('deny');
    await vi.waitFor(() => expect(fake.dialog.messageBoxes).toHaveLength(1));
    expect(fake.dialog.messageBoxes[0]).toMatchObject({ detail: docs, cancelId: 1, defaultId: 1 });
    expect(fake.shell.openedExternally).toEqual([]);

    fake.dialog.messageBoxAnswer = 0;
    expect(mainContents().openWindow(docs)).toBe('deny');
    await vi.waitFor(() => expect(fake.shell.openedExternally).toEqual([docs]));

    for (const url of ['http://docs.osiriscare.net/', 'https://evil.example/', 'file:///etc/passwd', 'https://docs.osiriscare.net.evil.example/', 'smb://share/x']) {
      expect(mainContents().openWindow(url)).toBe('deny');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.dialog.messageBoxes).toHaveLength(2);
    expect(fake.shell.openedExternally).toEqual([docs]);
  });

  it('serves the renderer from app://console with the CSP header, and nothing outside it', async () => {
    await startMain();
    const index = await fake.protocol.fetch(APP_ENTRY_URL);
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(contentSecurityPolicy({ shell: 'electron' }));
    expect(cspWeaknesses(csp)).toEqual([]);
    expect(await index.text()).toContain('<title>Central Console</title>');
    const outside = await fake.protocol.fetch('app://console/%2e%2e/%2e%2e/%2e%2e/outside.txt');
    expect(outside.status).toBe(404);
  });

  it('answers the contract only to the main frame of its own window at app://console, and forgets a closed window', async () => {
    await startMain();
    expect(fake.ipcMain.channels().sort()).toEqual(CHANNEL_NAMES.map((channel) => `cc:call:${channel}`).sort());
    const own = mainContents();
    await expect(fake.ipcMain.invoke('cc:call:app:info', { contents: own, url: APP_ENTRY_URL })).resolves.toMatchObject({ ok: true, value: { shell: 'electron' } });
    const refused = { ok: false, error: { code: 'forbidden' } };
    await expect(fake.ipcMain.invoke('cc:call:app:info', { contents: fake.createWebContents(), url: APP_ENTRY_URL })).resolves.toMatchObject(refused);
    await expect(fake.ipcMain.invoke('cc:call:app:info', { contents: own, url: 'https://evil.example/' })).resolves.toMatchObject(refused);
    await expect(fake.ipcMain.invoke('cc:call:app:info', { contents: own, url: APP_ENTRY_URL, subFrame: true })).resolves.toMatchObject(refused);
    await expect(fake.ipcMain.invoke('cc:call:app:info', { contents: own, url: APP_ENTRY_URL }, { unexpected: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // Closing the last window quits, which unregisters every channel; kept running, the closed window is
    // still refused.
    fake.app.removeAllListeners('window-all-closed');
    fake.windows[0]!.close();
    await expect(fake.ipcMain.invoke('cc:call:app:info', { contents: own, url: APP_ENTRY_URL })).resolves.toMatchObject(refused);
  });

  it('shows the window when it is ready, starts the console and forwards its events to the window', async () => {
    await startMain();
    const window = fake.windows[0]!;
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
    // Starting the console (restoring the last session; here there is none) announces the session state.
    await vi.waitFor(() => expect(mainContents().sent.map((message) => message.channel)).toContain('cc:event:session:changed'));
  });

  it("sends Central Command's traffic the way Chromium's proxy resolution says, and refuses a route it cannot use", async () => {
    const proxy = await startConnectProxy();
    try {
      await startMain();
      fake.session.proxyAnswer = `PROXY ${new URL(proxy.uri).host}; DIRECT`;
      const signIn = { serverUrl: 'https://central.example.com', caFilePath: null, username: 'tech', password: 'pw' };
      const from = { contents: mainContents(), url: APP_ENTRY_URL };
      await expect(fake.ipcMain.invoke('cc:call:session:signIn', from, signIn)).resolves.toMatchObject({ ok: false });
      expect(fake.session.resolvedProxyUrls).toContain('https://central.example.com');
      expect(proxy.tunnels).toContain('central.example.com:443');

      fake.session.proxyAnswer = 'SOCKS 10.0.0.1:1080';
      await expect(fake.ipcMain.invoke('cc:call:session:signIn', from, signIn)).resolves.toMatchObject({
        ok: false,
        error: { code: 'proxy-unsupported', message: expect.stringContaining('SOCKS 10.0.0.1:1080') },
      });
    } finally {
      await proxy.close();
    }
  });

  it('locks the console when the OS locks the screen or suspends', async () => {
    await startMain();
    expect(fake.powerMonitor.listenerCount('lock-screen')).toBe(1);
    expect(fake.powerMonitor.listenerCount('suspend')).toBe(1);
  });

  it('in a packaged build: no DevTools and no developer menu items, but the usual edit, view and window items', async () => {
    await startMain({ isPackaged: true });
    expect((fake.windows[0]!.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(false);
    const menu = fake.Menu.getApplicationMenu();
    expect(menu).not.toBeNull();
    const roles = menuRoles(menu!.template as never);
    for (const role of DEVELOPER_ROLES) expect(roles).not.toContain(role);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize', 'close']));
  });

  it('in a packaged build: updates come from the signed feed, over the route Chromium resolves for it', async () => {
    await startMain({ isPackaged: true });
    const [feed] = fake.autoUpdater.feeds;
    expect(feed).toMatchObject({ provider: 'custom', feedUrl: DEFAULT_UPDATE_FEED_URL, channel: 'latest' });
    fake.session.proxyAnswer = 'PROXY proxy.corp.example:3128';
    await expect((feed!['resolveProxy'] as ProxyResolver)(DEFAULT_UPDATE_FEED_URL)).resolves.toEqual({ kind: 'http', uri: 'http://proxy.corp.example:3128' });
    expect(fake.session.resolvedProxyUrls).toEqual([DEFAULT_UPDATE_FEED_URL]);
  });

  it('in a development run: DevTools and the developer menu items', async () => {
    await startMain({ isPackaged: false });
    expect((fake.windows[0]!.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(true);
    expect(menuRoles(fake.Menu.getApplicationMenu()!.template as never)).toEqual(expect.arrayContaining(DEVELOPER_ROLES));
  });

  it('a second launch brings the running window back; a second instance itself quits without a window', async () => {
    await startMain();
    const window = fake.windows[0]!;
    window.minimized = true;
    fake.app.emit('second-instance', {}, [], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    fake.willQuit();
    await vi.waitFor(() => expect(fake.app.quitCount).toBe(1), { timeout: 10_000 });

    const second = await startMain({ singleInstanceLock: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second.app.quitCount).toBe(1);
    expect(second.windows).toEqual([]);
  });

  it('a central-console:// link waits while signed out and locked, opens in the running window once signed in, and a bad one never does', async () => {
    await startMain();
    const window = fake.windows[0]!;
    window.emit('ready-to-show');
    const from = { contents: mainContents(), url: APP_ENTRY_URL };
    const deepLinks = () => mainContents().sent.filter((message) => message.channel === 'cc:event:deepLink:open').map((message) => message.payload);
    await vi.waitFor(() => expect(mainContents().sent.map((message) => message.channel)).toContain('cc:event:session:changed'));

    // Windows/Linux: a second launch with the link as its argument; it focuses this window.
    window.minimized = true;
    fake.app.emit('second-instance', fakeEvent(), ['/opt/Central Console/central-console', 'central-console://site/held-while-signed-out'], '/');
    expect(window.focused).toBe(true);
    expect(deepLinks()).toEqual([]);

    const sim = simulator.sim;
    const signedIn = await fake.ipcMain.invoke('cc:call:session:signIn', from, { serverUrl: sim.url, caFilePath: sim.caFile, username: 'admin', password: passwordOf(sim, 'admin') });
    expect(signedIn, JSON.stringify(signedIn)).toMatchObject({ ok: true, value: { state: 'signed-in' } });
    await vi.waitFor(() => expect(deepLinks()).toEqual([{ kind: 'site', siteId: 'held-while-signed-out' }]));

    await fake.ipcMain.invoke('cc:call:session:lock', from);
    // macOS: open-url, here while locked; and a link that is not a site or incident link at all.
    const openUrl = fakeEvent();
    fake.app.emit('open-url', openUrl, 'central-console://site/s-1/incident/inc-7');
    expect(openUrl.defaultPrevented).toBe(true);
    fake.app.emit('open-url', fakeEvent(), 'central-console://site/s-1/incident/inc-7/acknowledge');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deepLinks()).toHaveLength(1);

    await expect(fake.ipcMain.invoke('cc:call:session:unlock', from, { password: passwordOf(sim, 'admin') })).resolves.toMatchObject({ ok: true, value: { state: 'signed-in' } });
    await vi.waitFor(() => expect(deepLinks()).toEqual([{ kind: 'site', siteId: 'held-while-signed-out' }, { kind: 'incident', siteId: 's-1', incidentId: 'inc-7' }]));
  }, 30_000);

  it('remembers where the window was, and reopens it there while that display is still attached', async () => {
    const twoDisplays = [{ x: 0, y: 0, width: 1440, height: 870 }, { x: 1440, y: 0, width: 2560, height: 1400 }];
    await startMain({ workAreas: twoDisplays });
    fake.windows[0]!.bounds = { x: 1700, y: 120, width: 1400, height: 900 };
    fake.windows[0]!.maximized = true;
    fake.windows[0]!.close();
    await vi.waitFor(() => expect(fake.app.exited).toBe(true), { timeout: 10_000 });
    // Written before the app exits, not after.
    expect(existsSync(join(root, 'data', WINDOW_STATE_FILE))).toBe(true);

    await startMain({ workAreas: twoDisplays });
    expect(fake.windows[0]!.options).toMatchObject({ x: 1700, y: 120, width: 1400, height: 900 });
    expect(fake.windows[0]!.maximized).toBe(true);
    fake.willQuit();
    await vi.waitFor(() => expect(fake.app.exited).toBe(true), { timeout: 10_000 });

    // The external monitor is gone: the size is kept, fitted to the laptop, and the OS places it.
    await startMain({ workAreas: [twoDisplays[0]!] });
    expect(fake.windows[0]!.options).toMatchObject({ width: 1400, height: 870 });
    expect(fake.windows[0]!.options).not.toHaveProperty('x');
  });

  it('on quit: stops answering, disposes the console, then quits; closing the last window quits', async () => {
    await startMain();
    expect(fake.willQuit()).toBe(true);
    await vi.waitFor(() => expect(fake.app.quitCount).toBe(1), { timeout: 10_000 });
    expect(fake.ipcMain.channels()).toEqual([]);
    expect(fake.willQuit()).toBe(false);

    await startMain();
    fake.windows[0]!.close();
    expect(fake.app.quitCount).toBe(1);
    expect(fake.app.exited).toBe(false);
    expect(fake.ipcMain.channels()).toEqual([]);
    // The console is disposed before the app exits: its quit after disposing is not prevented.
    await vi.waitFor(() => expect(fake.app.exited).toBe(true), { timeout: 10_000 });
    expect(fake.app.quitCount).toBe(2);
  });

  it('a quit while the console is still starting waits for it, disposes it and opens no window', async () => {
    await startMain({ waitForWindow: false });
    expect(fake.willQuit()).toBe(true);
    await vi.waitFor(() => expect(fake.app.exited).toBe(true), { timeout: 10_000 });
    // The service existed before the app exited (disposing waited for it), and nothing went on after.
    expect(fake.calls).toContain('ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.windows).toEqual([]);
    expect(fake.ipcMain.channels()).toEqual([]);
  });
});
