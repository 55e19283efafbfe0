import type { Session, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol.ts';
import type { Log } from '#core/log.ts';

/** True for app://console/… — the only content the console ever shows. */
export function isAppUrl(rawUrl: string): boolean {
  try {
    const url = new URL(rawUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** A URL for the log: scheme, host and path only, so query tokens (e.g. `?token=`) never reach it. */
export function urlForLog(rawUrl: string): string {
  try {
    const url = new URL(rawUrl);
    return `${url.protocol}//${url.host}${url.pathname}`.slice(0, 200);
  } catch {
    return '(unparseable url)';
  }
}

/**
 * The console is a single page: it never navigates, opens windows, attaches webviews or asks for a
 * permission, so every such attempt is refused (checklist items 5, 11–14).
 */
export function shouldAllowNavigation(_targetUrl: string): false {
  return false;
}

export function shouldGrantPermission(_permission: string): false {
  return false;
}

/** Requests the session lets through: only app://console. Everything remote is cancelled (item 1). */
export function shouldAllowRequest(rawUrl: string): boolean {
  if (isAppUrl(rawUrl)) return true;
  // DevTools and Chromium's own internal pages use these; they never carry remote content.
  return /^(devtools|chrome-extension|data):/i.test(rawUrl);
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'id'>;

/**
 * Installed on every webContents (app 'web-contents-created'), not just the main window's. No window
 * ever opens; a link the renderer opens in a new window (target=_blank) goes to `openExternalLink`,
 * which hands only allow-listed https links to the browser, after the technician confirms.
 */
export function installContentsGuards(contents: GuardedContents, log: Log, openExternalLink: (url: string) => Promise<boolean> = async () => false): void {
  const refuseNavigation = (event: { preventDefault(): void }, url: string, kind: string) => {
    if (shouldAllowNavigation(url)) return;
    event.preventDefault();
    log('warn', `Refused ${kind}`, { url: urlForLog(url), webContentsId: contents.id });
  };
  contents.on('will-navigate', (event) => refuseNavigation(event, event.url, 'navigation'));
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) return; // the main frame is handled by will-navigate
    refuseNavigation(event, event.url, 'frame navigation');
  });
  contents.on('will-redirect', (event) => refuseNavigation(event, event.url, 'redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('warn', 'Refused a webview', { webContentsId: contents.id });
  });
  contents.setWindowOpenHandler((details) => {
    log('warn', 'Refused to open a window', { url: urlForLog(details.url), webContentsId: contents.id });
    openExternalLink(details.url).catch((error: unknown) => log('error', 'Opening an external link failed', { error: String(error) }));
    return { action: 'deny' };
  });
}

type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

export function installSessionGuards(session: GuardedSession, log: Log): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    log('warn', 'Refused a permission request', { permission, webContentsId: contents.id });
    callback(shouldGrantPermission(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => shouldGrantPermission(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = shouldAllowRequest(details.url);
    if (!allowed) log('warn', 'Cancelled a request for remote content', { url: urlForLog(details.url) });
    callback({ cancel: !allowed });
  });
}
