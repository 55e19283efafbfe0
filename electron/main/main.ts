import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, session, shell } from 'electron';
import { createConsoleService } from '#core/console-service.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { contentSecurityPolicy } from '#shared/security/csp.ts';
import { appMenuTemplate } from './app-menu.ts';
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler } from './app-protocol.ts';
import { appPaths, dataDirFrom, idleLockMsFrom, keychainServiceFrom } from './app-paths.ts';
import { createAutoUpdates } from './auto-update.ts';
import { caFileDialogOptions, chosenCaFile } from './ca-file-dialog.ts';
import { createExternalLinkOpener } from './external-links.ts';
import { installContentsGuards, installSessionGuards } from './guards.ts';
import { forwardEvents, registerIpcHandlers } from './ipc-adapter.ts';
import { createStderrLog } from './log.ts';
import { chromiumProxyResolver } from './system-proxy.ts';
import { mainWindowOptions } from './window-options.ts';

// The Electron-only shell: lifecycle and wiring. Every decision it makes lives in a tested module
// next to it; this file only connects them to Electron's objects.

const log = createStderrLog();

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
  let unregisterIpc: (() => void) | null = null;
  let disposed = false;

  const openExternalLink = createExternalLinkOpener({ dialog, shell, parentWindow: () => mainWindow, log });
  app.on('web-contents-created', (_event, contents) => installContentsGuards(contents, log, openExternalLink));

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    unregisterIpc?.();
    void (service ? service.dispose() : Promise.resolve())
      .catch((error: unknown) => log('error', 'Disposing the console service failed', { error: String(error) }))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      installSessionGuards(session.defaultSession, log);
      Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform })));
      protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir: paths.rendererDir, csp: contentSecurityPolicy({ shell: 'electron' }) }));

      const keychainService = keychainServiceFrom(process.env);
      const idleLockMsOverride = idleLockMsFrom(process.env);
      const resolveProxy = chromiumProxyResolver(session.defaultSession);
      const consoleService = await createConsoleService({
        dataDir: dataDirFrom(process.env, app.getPath('userData')),
        shell: 'electron',
        appVersion: app.getVersion(),
        platform: process.platform,
        cacheWorkerUrl: paths.cacheWorkerUrl,
        chooseCaFile: async () => {
          const options = caFileDialogOptions();
          const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
          return chosenCaFile(result);
        },
        ...(keychainService ? { keychainService } : {}),
        ...(idleLockMsOverride ? { idleLockMsOverride } : {}),
        resolveProxy,
        updates: createAutoUpdates(log, resolveProxy),
        log,
      });
      service = consoleService;
      // A laptop whose screen locks or that goes to sleep at a clinic must not come back unlocked.
      const lockWithTheOs = () => {
        consoleService.handlers['session:lock'](undefined).catch((error: unknown) => log('error', 'Locking with the OS failed', { error: String(error) }));
      };
      powerMonitor.on('lock-screen', lockWithTheOs);
      powerMonitor.on('suspend', lockWithTheOs);
      unregisterIpc = registerIpcHandlers({ ipcMain, handlers: consoleService.handlers, trustedWebContentsIds, log });

      const window = new BrowserWindow(mainWindowOptions({ preloadPath: paths.preload, devTools: !app.isPackaged }));
      mainWindow = window;
      const contentsId = window.webContents.id;
      trustedWebContentsIds.add(contentsId);
      const stopForwarding = forwardEvents({ onEvent: (listener) => consoleService.onEvent(listener), window, log });
      window.on('closed', () => {
        stopForwarding();
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
