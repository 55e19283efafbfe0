import type { BrowserWindow, Dialog, MessageBoxOptions, Shell } from 'electron';
import type { Log } from '#core/log.ts';
import { urlForLog } from './guards.ts';

/**
 * The only hosts the console hands to the technician's browser: the publisher's own documentation
 * and support pages. A link anywhere else (a clinic's page, a hostname in incident text) is never
 * opened, because shell.openExternal with untrusted content can start any registered handler.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['osiriscare.net', 'www.osiriscare.net', 'docs.osiriscare.net', 'support.osiriscare.net'];

/** https, no credentials, no explicit port, an allow-listed host. */
export function isAllowedExternalLink(rawUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && !url.username && !url.password && url.port === '' && EXTERNAL_LINK_HOSTS.includes(url.hostname);
}

export function confirmExternalLinkOptions(url: string): MessageBoxOptions {
  return {
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    title: 'Open a link in your browser?',
    message: 'Open this page in your web browser?',
    detail: url,
  };
}

export interface ExternalLinkDeps {
  dialog: Pick<Dialog, 'showMessageBox'>;
  shell: Pick<Shell, 'openExternal'>;
  parentWindow: () => BrowserWindow | null;
  log: Log;
}

/**
 * Opens an allow-listed https link in the browser once the technician confirmed it; anything else is
 * refused and logged. Resolves true only when the link was handed to the browser.
 */
export function createExternalLinkOpener(deps: ExternalLinkDeps): (url: string) => Promise<boolean> {
  return async (url) => {
    if (!isAllowedExternalLink(url)) {
      deps.log('warn', 'Refused to open an external link', { url: urlForLog(url) });
      return false;
    }
    const parent = deps.parentWindow();
    const options = confirmExternalLinkOptions(url);
    const { response } = parent ? await deps.dialog.showMessageBox(parent, options) : await deps.dialog.showMessageBox(options);
    if (response !== 0) return false;
    await deps.shell.openExternal(url, { activate: true });
    return true;
  };
}
