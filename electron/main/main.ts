import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, screen, session, shell } from 'electron';
import { createConsoleService } from '#core/console-service.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { contentSecurityPolicy } from '#shared/security/csp.ts';
import { appMenuTemplate } from './app-menu.ts';
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler } from './app-protocol.ts';
import { appPaths, dataDirFrom, idleLockMsFrom, keychainServiceFrom, reachabilityProbeSecondsFrom } from './app-paths.ts';
import { createAutoUpdates } from './auto-update.ts';
import { caFileDialogOptions, chosenCaFile } from './ca-file-dialog.ts';
import { createExternalLinkOpener } from './external-links.ts';
import { installContentsGuards, installSessionGuards } from './guards.ts';
import { forwardEvents, registerIpcHandlers } from './ipc-adapter.ts';
import { electronEventChannel } from '#shared/security/bridge-allowlist.ts';
import { SessionSnapshotSchema } from '#shared/ipc/contract.ts';
import { createDeepLinkInbox, DEEP_LINK_SCHEME, deepLinkArgument } from './deep-links.ts';
import { createMainLog } from './log.ts';
import { chromiumProxyResolver } from './system-proxy.ts';
import { mainWindowOptions } from './window-options.ts';
import { placeWindow, readWindowState, writeWindowState } from './window-state.ts';

// The Electron-only shell: lifecycle and wiring. Every decision it makes lives in a tested module
// next to it; this file only connects them to Electron's objects.

const log = createMainLog(dataDirFrom(process.env, app.getPath('userData')));

// Both must happen before 'ready'.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  runConsole();
}

function runConsole(): void {
  const paths = appPaths(app.getAppPath());
  const trustedWebContentsIds = new Set<number>();
  let mainWindow: BrowserWindow | null = null;
  let service: ConsoleService | null = null;
  // Set while the console service is being created: a quit in those seconds disposes it once it exists.
  let serviceStarting: Promise<ConsoleService | null> = Promise.resolve(null);
  let unregisterIpc: (() => void) | null = null;
  let disposed = false;
  // The window's position is written as it closes; quitting waits for it, or the next launch finds none.
  let windowStateWritten: Promise<void> = Promise.resolve();

  const openExternalLink = createExternalLinkOpener({ dialog, shell, parentWindow: () => mainWindow, log });
  app.on('web-contents-created', (_event, contents) => installContentsGuards(contents, log, openExternalLink));

  // central-console:// links open in this window, and only once it is unlocked (deep-links.ts).
  const deepLinks = createDeepLinkInbox({
    deliver: (link) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(electronEventChannel('deepLink:open'), link);
    },
    log,
  });
  const bringBack = () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  const launchLink = deepLinkArgument(process.argv);
  if (launchLink) deepLinks.receive(launchLink);
  // Windows and Linux start a second instance with the link as an argument; it quits, and its
  // arguments arrive here.
  app.on('second-instance', (_event, argv: string[]) => {
    bringBack();
    const link = deepLinkArgument(argv);
    if (link) deepLinks.receive(link);
  });
  // macOS hands the link to the running app (also before ready, when the link launched it).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    bringBack();
    deepLinks.receive(url);
  });
  // macOS registers the scheme from Info.plist and the Linux deb from its desktop file; Windows at run time.
  if (process.platform === 'win32' && app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    unregisterIpc?.();
    const disposeService = async () => (service ?? (await serviceStarting))?.dispose();
    void Promise.all([windowStateWritten, disposeService()])
      .catch((error: unknown) => log('error', 'Disposing the console service failed', { error: String(error) }))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      installSessionGuards(session.defaultSession, log);
      Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform })));
      protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir: paths.rendererDir, csp: contentSecurityPolicy({ shell: 'electron' }) }));

      const dataDir = dataDirFrom(process.env, app.getPath('userData'));
      const keychainService = keychainServiceFrom(process.env);
      const idleLockMsOverride = idleLockMsFrom(process.env);
      const reachabilityProbeSeconds = reachabilityProbeSecondsFrom(process.env);
      const resolveProxy = chromiumProxyResolver(session.defaultSession);
      const creating = createConsoleService({
        dataDir,
        shell: 'electron',
        appVersion: app.getVersion(),
        platform: process.platform,
        cacheWorkerUrl: paths.cacheWorkerUrl,
        durableWorkerUrl: paths.durableWorkerUrl,
        chooseCaFile: async () => {
          const options = caFileDialogOptions();
          const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
          return chosenCaFile(result);
        },
        ...(keychainService ? { keychainService } : {}),
        ...(idleLockMsOverride ? { idleLockMsOverride } : {}),
        ...(reachabilityProbeSeconds ? { reachabilityProbeSeconds } : {}),
        resolveProxy,
        updates: createAutoUpdates(log, resolveProxy),
        log,
      });
      serviceStarting = creating.catch(() => null);
      const consoleService = await creating;
      service = consoleService;
      if (disposed) return;
      // A laptop whose screen locks or that goes to sleep at a clinic must not come back unlocked.
      const lockWithTheOs = () => {
        consoleService.handlers['session:lock'](undefined).catch((error: unknown) => log('error', 'Locking with the OS failed', { error: String(error) }));
      };
      powerMonitor.on('lock-screen', lockWithTheOs);
      powerMonitor.on('suspend', lockWithTheOs);
      unregisterIpc = registerIpcHandlers({ ipcMain, handlers: consoleService.handlers, trustedWebContentsIds, log });

      const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((display) => display.workArea);
      const placement = placeWindow(await readWindowState(dataDir), workAreas);
      const window = new BrowserWindow(mainWindowOptions({ preloadPath: paths.preload, devTools: !app.isPackaged, ...(placement ? { bounds: placement.bounds } : {}) }));
      if (placement?.maximized) window.maximize();
      mainWindow = window;
      window.on('close', () => {
        windowStateWritten = writeWindowState(dataDir, { ...window.getNormalBounds(), maximized: window.isMaximized() }).catch((error: unknown) =>
          log('warn', 'Could not remember the window position', { error: String(error) }),
        );
      });
      const contentsId = window.webContents.id;
      trustedWebContentsIds.add(contentsId);
      const stopForwarding = forwardEvents({ onEvent: (listener) => consoleService.onEvent(listener), window, log });
      const stopFollowingSession = consoleService.onEvent((event, payload) => {
        if (event !== 'session:changed') return;
        const snapshot = SessionSnapshotSchema.safeParse(payload);
        if (snapshot.success) deepLinks.sessionChanged(snapshot.data.state);
      });
      window.on('closed', () => {
        stopForwarding();
        stopFollowingSession();
        trustedWebContentsIds.delete(contentsId);
        mainWindow = null;
      });
      window.once('ready-to-show', () => {
        window.show();
        consoleService.start().catch((error: unknown) => log('error', 'The console service did not start', { error: String(error) }));
      });
      await window.loadURL(APP_ENTRY_URL);
    })
    .catch((error: unknown) => {
      log('error', 'The console could not start', { error: error instanceof Error ? error.message : String(error) });
      dialog.showErrorBox('Central Console could not start', error instanceof Error ? error.message : String(error));
      app.quit();
    });
}
