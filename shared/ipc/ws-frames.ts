import type { EventName, IpcResult } from './contract.ts';

/**
 * The web shell's WebSocket protocol: the IPC contract over one socket. Kept free of zod so the
 * page script stays small; the server validates client frames with the schemas in
 * electron/web-shell/frames.ts, which are typed against these.
 *
 * 0. The load of the one-time launch address (`/?launch=<code>`) spends the code and gets index.html
 *    with a fresh page secret in a <meta> tag before the bridge script, which takes it out.
 * 1. The page opens ws://127.0.0.1:<port>/__shell/bridge and sends `hello` with its page secret as
 *    its FIRST frame, within a few seconds. 2. The server answers `welcome` (or closes). 3. `invoke`
 *    frames get one `result` each, matched by id; `event` frames arrive whenever the core emits.
 */

export const WEB_SHELL_BRIDGE_PATH = '/__shell/bridge';
export const WEB_SHELL_SCRIPT_PATH = '/__shell/bridge.js';
/** The query parameter of the launch address that carries the one-time code. */
export const WEB_SHELL_LAUNCH_PARAM = 'launch';
/** The <meta name> that carries the page secret in the index.html of the launch load. */
export const PAGE_SECRET_META_NAME = 'central-console-page-secret';

export type ClientFrame =
  | { type: 'hello'; secret: string }
  | { type: 'invoke'; id: number; channel: string; input?: unknown };

export type ServerFrame =
  | { type: 'welcome' }
  | { type: 'result'; id: number; result: IpcResult }
  | { type: 'event'; event: EventName; payload: unknown };

/** WebSocket close codes (4000–4999 are for applications). */
export const BRIDGE_CLOSE_CODES = {
  /** Wrong or missing secret: the page must not retry. */
  refused: 4401,
  /** Not a valid frame, or not a hello first: the page must not retry. */
  protocolError: 4400,
  /** Another page is connected; retrying later is fine (e.g. the old page of a reload). */
  busy: 4409,
  /** No hello in time. */
  helloTimeout: 4408,
  /** Too many sockets are waiting for their hello; retrying later is fine. */
  tooManyPending: 4429,
  /** The web shell is stopping. */
  shuttingDown: 4001,
} as const;

/** Close codes after which reconnecting cannot help. */
export const FATAL_BRIDGE_CLOSE_CODES: readonly number[] = [BRIDGE_CLOSE_CODES.refused, BRIDGE_CLOSE_CODES.protocolError, BRIDGE_CLOSE_CODES.shuttingDown];
