import type { EventName, IpcResult } from './contract.ts';

/**
 * The web shell's WebSocket protocol: the IPC contract over one socket. Kept free of zod so the
 * page script stays small; the server validates client frames with the schemas in
 * electron/web-shell/frames.ts, which are typed against these.
 *
 * 1. The page opens ws://127.0.0.1:<port>/__shell/bridge and sends `hello` with the per-launch
 *    secret as its FIRST frame. 2. The server answers `welcome` (or closes). 3. `invoke` frames get
 *    one `result` each, matched by id; `event` frames arrive whenever the core emits.
 */

export const WEB_SHELL_BRIDGE_PATH = '/__shell/bridge';
export const WEB_SHELL_SCRIPT_PATH = '/__shell/bridge.js';

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
  /** The web shell is stopping. */
  shuttingDown: 4001,
} as const;

/** Close codes after which reconnecting cannot help. */
export const FATAL_BRIDGE_CLOSE_CODES: readonly number[] = [BRIDGE_CLOSE_CODES.refused, BRIDGE_CLOSE_CODES.protocolError, BRIDGE_CLOSE_CODES.shuttingDown];
