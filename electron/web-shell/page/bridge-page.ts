import { BRIDGE_GLOBAL_NAME } from '#shared/ipc/bridge.ts';
import { PAGE_SECRET_META_NAME, WEB_SHELL_BRIDGE_PATH, WEB_SHELL_LAUNCH_PARAM } from '#shared/ipc/ws-frames.ts';
import { createPageBridge, type SocketLike } from './page-bridge.ts';

// The page half of the web shell, served as the first script of index.html (bundled by
// ../page-bundle.ts). It runs before the app: takes this tab's page secret out of the page, keeps it
// in this closure, and defines window.centralConsole.

// The project's Node-side tsconfig has no DOM library; these are the few browser globals used here.
declare const location: { readonly host: string; readonly pathname: string; readonly search: string; readonly hash: string };
declare const history: { readonly state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
declare const sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null; remove(): void } | null };
declare const window: { addEventListener(type: 'pagehide', listener: () => void): void };

const RELOAD_HANDOFF_KEY = 'central-console:web-shell-secret';

/**
 * The load that spent the launch code carries the page secret in a <meta> tag right before this
 * script; it is removed before the app runs. A reload gets no tag, so the leaving page hands the
 * secret to its successor in this tab's sessionStorage (per origin and tab), and the successor takes
 * it out again at once: the secret sits in storage only between unload and the next load of this tab.
 * The spent code is dropped from the address bar, so a reload asks for `/`, not the used address.
 */
function takeSecret(): string {
  const meta = document.querySelector(`meta[name="${PAGE_SECRET_META_NAME}"]`);
  const fromPage = meta?.getAttribute('content') ?? '';
  meta?.remove();
  const handedOver = sessionStorage.getItem(RELOAD_HANDOFF_KEY);
  sessionStorage.removeItem(RELOAD_HANDOFF_KEY);
  if (new URLSearchParams(location.search).has(WEB_SHELL_LAUNCH_PARAM)) history.replaceState(history.state, '', location.pathname + location.hash);
  return fromPage || handedOver || '';
}

const secret = takeSecret();
const { bridge } = createPageBridge({
  secret,
  openSocket: () => new WebSocket(`ws://${location.host}${WEB_SHELL_BRIDGE_PATH}`) as unknown as SocketLike,
});

window.addEventListener('pagehide', () => {
  if (secret) sessionStorage.setItem(RELOAD_HANDOFF_KEY, secret);
});

Object.defineProperty(globalThis, BRIDGE_GLOBAL_NAME, {
  value: Object.freeze({ invoke: bridge.invoke, on: bridge.on }),
  writable: false,
  enumerable: false,
  configurable: false,
});
