import { BRIDGE_GLOBAL_NAME } from '#shared/ipc/bridge.ts';
import { WEB_SHELL_BRIDGE_PATH } from '#shared/ipc/ws-frames.ts';
import { createPageBridge, type SocketLike } from './page-bridge.ts';

// The page half of the web shell, served as the first script of index.html (bundled by
// ../page-bundle.ts). It runs before the app: takes the launch secret out of the URL fragment,
// keeps it in this closure, and defines window.centralConsole.

// The project's Node-side tsconfig has no DOM library; these are the few browser globals used here.
declare const location: { readonly hash: string; readonly host: string; readonly pathname: string; readonly search: string };
declare const history: { readonly state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
declare const sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
declare const window: { addEventListener(type: 'pagehide', listener: () => void): void };

const RELOAD_HANDOFF_KEY = 'central-console:web-shell-secret';

/**
 * A reload arrives without the fragment (it was removed), so the leaving page hands the secret to
 * its successor in this tab's sessionStorage, and the successor takes it out again at once: the
 * secret sits in storage only between unload and the next load of this same origin and tab.
 */
function takeSecret(): string {
  const fromFragment = decodeURIComponent(location.hash.slice(1));
  const handedOver = sessionStorage.getItem(RELOAD_HANDOFF_KEY);
  sessionStorage.removeItem(RELOAD_HANDOFF_KEY);
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  return fromFragment || handedOver || '';
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
