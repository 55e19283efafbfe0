import { CHANNEL_NAMES, type ChannelHandlers, type EventName, type IpcResult } from '#shared/ipc/contract.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import { ConsoleError } from '#shared/errors.ts';
import { parsePushedEvent } from '#shared/ipc/pushed-events.ts';
import { electronCallChannel, electronEventChannel } from '#shared/security/bridge-allowlist.ts';
import { APP_ORIGIN } from './app-protocol.ts';
import { urlForLog } from './guards.ts';
import type { Log } from '#core/log.ts';

/** What the adapter reads from an ipcMain.handle event (Electron's IpcMainInvokeEvent; a fake in tests). */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcResult>): void;
  removeHandler(channel: string): void;
}

/**
 * Why a sender may not call the console, or null when it may: the frame must still exist, be the
 * top frame of a webContents the console created itself (GitHub Desktop's trusted-sender set), and
 * show app://console. Reading a frame that is already gone throws in Electron; that is a refusal too.
 */
export function untrustedSenderReason(event: InvokeEventLike, trustedWebContentsIds: ReadonlySet<number>): string | null {
  try {
    const frame = event.senderFrame;
    if (!frame) return 'no sender frame';
    if (frame.parent !== null) return 'not a main frame';
    if (!trustedWebContentsIds.has(event.sender.id)) return 'unknown webContents';
    if (appOriginOf(frame.url) !== APP_ORIGIN) return 'wrong origin';
    return null;
  } catch {
    return 'sender frame unavailable';
  }
}

/**
 * Node's URL parser gives custom schemes an opaque origin ("null"), so the origin of app://console
 * is rebuilt from scheme and host; credentials or a port make it a different origin.
 */
function appOriginOf(rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port) return null;
  return `${url.protocol}//${url.host}`;
}

/**
 * Registers one ipcMain handler per contract channel (`cc:call:<channel>`). Each checks the sender,
 * then goes through the shared dispatcher (input parsed before the handler runs, output parsed
 * against the contract). Returns a function that removes them all.
 */
export function registerIpcHandlers(options: {
  ipcMain: IpcMainLike;
  handlers: ChannelHandlers;
  trustedWebContentsIds: ReadonlySet<number>;
  log: Log;
}): () => void {
  const { ipcMain, trustedWebContentsIds, log } = options;
  const dispatch = createDispatcher(options.handlers, {
    onUnexpectedError: (channel, error) => log('error', 'IPC handler failed', { channel, error: error instanceof Error ? error.message : String(error) }),
  });
  const registered: string[] = [];
  for (const channel of CHANNEL_NAMES) {
    const ipcChannel = electronCallChannel(channel);
    ipcMain.handle(ipcChannel, async (event, input) => {
      const reason = untrustedSenderReason(event, trustedWebContentsIds);
      if (reason) {
        log('warn', 'Refused an IPC call from an untrusted sender', { channel, reason, url: senderUrlForLog(event) });
        return { ok: false, error: new ConsoleError('forbidden', 'This window may not talk to the console.').toPayload() };
      }
      return dispatch(channel, input);
    });
    registered.push(ipcChannel);
  }
  return () => {
    for (const ipcChannel of registered.splice(0)) ipcMain.removeHandler(ipcChannel);
  };
}

/** What forwardEvents needs of a window: Electron's BrowserWindow, or a fake in tests. */
export interface EventTargetWindow {
  isDestroyed(): boolean;
  readonly webContents: { send(channel: string, payload: unknown): void };
}

/**
 * Forwards core events to one window on their namespaced channels (`cc:event:<name>`), each payload
 * parsed against the contract first: one that does not match is dropped and logged, never sent.
 * Returns the unsubscribe function of `onEvent`.
 */
export function forwardEvents(options: {
  onEvent: (listener: (event: EventName, payload: unknown) => void) => () => void;
  window: EventTargetWindow;
  log: Log;
}): () => void {
  const { window, log } = options;
  return options.onEvent((event, payload) => {
    const parsed = parsePushedEvent(event, payload);
    if (!parsed.ok) {
      log('error', 'Dropped an event that does not match the contract', { event: String(event).slice(0, 80), reason: parsed.reason });
      return;
    }
    if (!window.isDestroyed()) window.webContents.send(electronEventChannel(parsed.event), parsed.payload);
  });
}

function senderUrlForLog(event: InvokeEventLike): string | null {
  try {
    return event.senderFrame ? urlForLog(event.senderFrame.url) : null;
  } catch {
    return null;
  }
}
