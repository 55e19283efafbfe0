import { EventEmitter } from 'node:events';

/**
 * A small stand-in for the `electron` module, for Node tests of the shell's wiring (the Electron
 * binary cannot run here). It behaves like Electron where the shell depends on it — the default
 * session grants every permission until handlers are set, a window without an open handler may
 * open, every new webContents is announced with 'web-contents-created', ipcMain refuses a second
 * handler for a channel — and records what was called so tests can drive and inspect it.
 *
 * Use it with vitest: `const fake = createFakeElectron(); vi.doMock('electron', () => fake.module);`
 * then import the module under test. Extend it here (deep links, updates, menus…) rather than
 * growing a second fake.
 */

export interface FakeElectronOptions {
  isPackaged?: boolean;
  appPath?: string;
  userDataPath?: string;
  version?: string;
  /** What requestSingleInstanceLock() answers (false: another instance is running). */
  singleInstanceLock?: boolean;
}

/** A preventable Electron event (will-navigate, will-quit, …). */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
  [key: string]: unknown;
}

export function fakeEvent(fields: Record<string, unknown> = {}): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
    ...fields,
  };
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  readonly id: number;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  destroyed = false;

  constructor(id: number) {
    super();
    this.id = id;
  }

  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload });
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Emits a preventable event as Electron does; true when a listener prevented it. */
  attempt(eventName: string, fields: Record<string, unknown> = {}): boolean {
    const event = fakeEvent(fields);
    this.emit(eventName, event, ...(eventName === 'will-attach-webview' ? [{}, {}] : []));
    return event.defaultPrevented;
  }

  /** What window.open(url) would get: Electron allows it when no handler is set. */
  openWindow(url: string): 'allow' | 'deny' {
    return (this.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' }) ?? { action: 'allow' }).action;
  }
}

export function createFakeElectron(options: FakeElectronOptions = {}) {
  /** Everything the code under test did, in order ("app.enableSandbox", "ready", …). */
  const calls: string[] = [];
  let nextContentsId = 1;
  const allContents: FakeWebContents[] = [];

  // ---- app
  let markReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));
  let ready = false;
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged ?? false,
    /** Calls of app.quit() before the app exited. */
    quitCount: 0,
    /** True once a quit was not prevented by a 'will-quit' listener: the process would be gone. */
    exited: false,
    enableSandbox() {
      calls.push('app.enableSandbox');
    },
    requestSingleInstanceLock() {
      calls.push('app.requestSingleInstanceLock');
      return options.singleInstanceLock ?? true;
    },
    // As Electron's: quitting emits 'will-quit', which a listener may prevent (main.ts does, to
    // dispose the console first, then quits again).
    quit() {
      calls.push('app.quit');
      if (app.exited) return;
      app.quitCount += 1;
      const event = fakeEvent();
      app.emit('will-quit', event);
      if (!event.defaultPrevented) app.exited = true;
    },
    whenReady: () => readyPromise,
    isReady: () => ready,
    getAppPath: () => options.appPath ?? process.cwd(),
    getPath: (name: string) => {
      if (name === 'userData') return options.userDataPath ?? '/nonexistent/userData';
      throw new Error(`the fake app has no path "${name}"`);
    },
    getVersion: () => options.version ?? '0.0.0-test',
    setAsDefaultProtocolClient(protocol: string) {
      calls.push(`app.setAsDefaultProtocolClient:${protocol}`);
      return true;
    },
  });

  function createWebContents(): FakeWebContents {
    const contents = new FakeWebContents(nextContentsId++);
    allContents.push(contents);
    app.emit('web-contents-created', fakeEvent(), contents);
    return contents;
  }

  // ---- BrowserWindow
  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly options: Record<string, unknown>;
    readonly webContents: FakeWebContents;
    readonly loadedUrls: string[] = [];
    shown = false;
    minimized = false;
    maximized = false;
    focused = false;
    /** Where the window is (not maximized): from its options, then wherever a test moves it. */
    bounds: { x: number; y: number; width: number; height: number };
    private destroyed = false;

    constructor(windowOptions: Record<string, unknown> = {}) {
      super();
      calls.push('new BrowserWindow');
      this.options = windowOptions;
      this.webContents = createWebContents();
      const size = (key: string, fallback: number) => (typeof windowOptions[key] === 'number' ? (windowOptions[key] as number) : fallback);
      this.bounds = { x: size('x', 100), y: size('y', 100), width: size('width', 800), height: size('height', 600) };
      windows.push(this);
    }

    async loadURL(url: string): Promise<void> {
      calls.push(`loadURL:${url}`);
      this.loadedUrls.push(url);
    }

    show(): void {
      this.shown = true;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    restore(): void {
      this.minimized = false;
    }
    focus(): void {
      this.focused = true;
    }
    maximize(): void {
      this.maximized = true;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    /** Closes the window as the technician would: 'closed' fires and it is destroyed. */
    close(): void {
      if (this.destroyed) return;
      this.emit('close', fakeEvent());
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
      if (windows.every((window) => window.isDestroyed())) app.emit('window-all-closed');
    }

    static getAllWindows(): FakeBrowserWindow[] {
      return windows.filter((window) => !window.isDestroyed());
    }
  }

  // ---- session
  type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
  type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
  type BeforeRequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
  const defaultSession = {
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as PermissionCheckHandler | null,
    devicePermissionHandler: null as ((details: unknown) => boolean) | null,
    beforeRequest: null as BeforeRequestListener | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
      defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
      defaultSession.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null) {
      defaultSession.devicePermissionHandler = handler;
    },
    webRequest: {
      onBeforeRequest(listener: BeforeRequestListener | null) {
        defaultSession.beforeRequest = listener;
      },
    },
    /** What a page asking for `permission` gets; Electron grants it when no handler is set. */
    requestPermission(permission: string, contents: FakeWebContents = allContents[0] ?? new FakeWebContents(0)): boolean {
      let granted = true;
      defaultSession.permissionRequestHandler?.(contents, permission, (value) => (granted = value), {});
      return granted;
    },
    checkPermission(permission: string, origin = 'app://console'): boolean {
      return defaultSession.permissionCheckHandler ? defaultSession.permissionCheckHandler(null, permission, origin, {}) : true;
    },
    checkDevice(): boolean {
      return defaultSession.devicePermissionHandler ? defaultSession.devicePermissionHandler({}) : true;
    },
    /** What Chromium's proxy resolution answers (PAC syntax), and the URLs it was asked about. */
    proxyAnswer: 'DIRECT',
    resolvedProxyUrls: [] as string[],
    async resolveProxy(url: string): Promise<string> {
      defaultSession.resolvedProxyUrls.push(url);
      return defaultSession.proxyAnswer;
    },
    /** Whether a request for `url` goes out; Electron lets everything through without a listener. */
    allowsRequest(url: string): boolean {
      let cancel = false;
      defaultSession.beforeRequest?.({ url }, (response) => (cancel = response.cancel === true));
      return !cancel;
    },
  };

  // ---- protocol
  const privilegedSchemes: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const protocol = {
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>) {
      if (ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
      calls.push('protocol.registerSchemesAsPrivileged');
      privilegedSchemes.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
      if (!ready) throw new Error('protocol.handle must be called after the app is ready');
      protocolHandlers.set(scheme, handler);
    },
    /** Loads `url` through its scheme's handler, as a page's request would. */
    async fetch(url: string, init: RequestInit = {}): Promise<Response> {
      const handler = protocolHandlers.get(new URL(url).protocol.slice(0, -1));
      if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME: ${url}`);
      return handler(new Request(url, init));
    },
  };

  // ---- ipcMain
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      ipcHandlers.delete(channel);
    },
    channels: () => [...ipcHandlers.keys()],
    /** What ipcRenderer.invoke(channel, input) from `contents`' main frame at `url` would get. */
    async invoke(channel: string, from: { contents: FakeWebContents; url: string; subFrame?: boolean }, ...args: unknown[]): Promise<unknown> {
      const listener = ipcHandlers.get(channel);
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      const mainFrame = { url: from.url, parent: null };
      return listener({ sender: from.contents, senderFrame: from.subFrame ? { url: from.url, parent: mainFrame } : mainFrame }, ...args);
    },
  };

  // ---- Menu
  const menus: Array<{ template: unknown[] }> = [];
  let applicationMenu: { template: unknown[] } | null | undefined;
  const Menu = {
    buildFromTemplate(template: unknown[]) {
      const menu = { template };
      menus.push(menu);
      return menu;
    },
    setApplicationMenu(menu: { template: unknown[] } | null) {
      applicationMenu = menu;
    },
    getApplicationMenu: () => applicationMenu ?? null,
  };

  // ---- dialog, powerMonitor
  const errorBoxes: Array<{ title: string; content: string }> = [];
  const dialog = {
    openDialogAnswer: { canceled: true, filePaths: [] as string[] },
    async showOpenDialog(..._args: unknown[]) {
      return dialog.openDialogAnswer;
    },
    showErrorBox(title: string, content: string) {
      errorBoxes.push({ title, content });
    },
    /** The button the technician presses in the next message boxes (0: the first). */
    messageBoxAnswer: 1,
    messageBoxes: [] as Array<Record<string, unknown>>,
    async showMessageBox(...args: unknown[]) {
      dialog.messageBoxes.push(args[args.length - 1] as Record<string, unknown>);
      return { response: dialog.messageBoxAnswer, checkboxChecked: false };
    },
  };
  const shell = {
    openedExternally: [] as string[],
    async openExternal(url: string) {
      shell.openedExternally.push(url);
    },
  };
  const powerMonitor = new EventEmitter();

  // ---- electron-updater's autoUpdater (its real one needs the Electron binary at require time)
  const autoUpdater = Object.assign(new EventEmitter(), {
    logger: null as unknown,
    feeds: [] as Array<Record<string, unknown>>,
    channel: null as string | null,
    allowDowngrade: false,
    allowPrerelease: false,
    autoDownload: true,
    autoInstallOnAppQuit: true,
    disableDifferentialDownload: false,
    disableWebInstaller: false,
    fullChangelog: false,
    setFeedURL(options: Record<string, unknown>) {
      autoUpdater.feeds.push(options);
    },
    async checkForUpdates() {
      return null;
    },
    quitAndInstall() {
      calls.push('autoUpdater.quitAndInstall');
    },
  });

  // ---- screen: the displays' work areas, primary first (tests unplug a monitor by editing the list)
  const screen = {
    workAreas: [{ x: 0, y: 0, width: 1920, height: 1040 }],
    getPrimaryDisplay: () => ({ workArea: screen.workAreas[0]! }),
    getAllDisplays: () => screen.workAreas.map((workArea) => ({ workArea })),
  };

  const module = { app, BrowserWindow: FakeBrowserWindow, session: { defaultSession }, protocol, ipcMain, Menu, dialog, shell, powerMonitor, screen };

  return {
    /** Pass to vi.doMock('electron', () => fake.module). */
    module: { ...module, default: module },
    /** Pass to vi.doMock('electron-updater', () => fake.updaterModule). */
    updaterModule: { autoUpdater, default: { autoUpdater } },
    autoUpdater,
    app,
    session: defaultSession,
    protocol,
    privilegedSchemes,
    ipcMain,
    Menu,
    dialog,
    shell,
    screen,
    errorBoxes,
    powerMonitor,
    windows,
    calls,
    /** A webContents the console did not create (a devtools page, a popup): announced like any other. */
    createWebContents,
    /** Fires 'ready' (whenReady resolves). */
    becomeReady(): void {
      ready = true;
      calls.push('ready');
      app.emit('ready');
      markReady();
    },
    /** Emits 'will-quit' as Electron does when the app quits; true when a listener prevented it. */
    willQuit(): boolean {
      const event = fakeEvent();
      app.emit('will-quit', event);
      if (!event.defaultPrevented) app.exited = true;
      return event.defaultPrevented;
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
