import type { WebSocket } from 'ws';
import type { EventName } from '#shared/ipc/contract.ts';
import type { Dispatch } from '#shared/ipc/dispatch.ts';
import { parsePushedEvent } from '#shared/ipc/pushed-events.ts';
import { BRIDGE_CLOSE_CODES, type ServerFrame } from '#shared/ipc/ws-frames.ts';
import { parseClientFrame } from './frames.ts';
import type { Log } from '#core/log.ts';

/** Sockets that have not sent their hello yet; one more is closed at once. */
export const MAX_UNAUTHENTICATED_SOCKETS = 4;

export interface BridgeHubOptions {
  /** Whether a hello's secret is the page secret of a spent launch code. */
  isPageSecret: (secret: string) => boolean;
  dispatch: Dispatch;
  log: Log;
  /** How long a new socket may take to send its hello. */
  helloTimeoutMs: number;
  /** Told when the authenticated page connects (true) and disconnects (false). */
  onPresenceChange: (connected: boolean) => void;
}

/**
 * The sockets side of the web shell: authenticates a page by its first frame, keeps at most one
 * authenticated page, runs its invokes through the dispatcher and pushes core events to it.
 */
export function createBridgeHub(options: BridgeHubOptions) {
  const { isPageSecret, dispatch, log } = options;
  let client: WebSocket | null = null;
  const sockets = new Set<WebSocket>();
  const unauthenticated = new Set<WebSocket>();

  function send(socket: WebSocket, frame: ServerFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  function accept(socket: WebSocket): void {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (client) {
      log('warn', 'Refused a second page: another one is connected');
      socket.close(BRIDGE_CLOSE_CODES.busy, 'busy');
      return;
    }
    // Sockets that never say hello must not pile up: a few may wait, briefly.
    if (unauthenticated.size >= MAX_UNAUTHENTICATED_SOCKETS) {
      log('warn', 'Refused a socket: too many are waiting for their hello');
      socket.close(BRIDGE_CLOSE_CODES.tooManyPending, 'too many pending');
      return;
    }
    unauthenticated.add(socket);
    const helloTimer = setTimeout(() => {
      log('warn', 'Closed a socket that sent no hello in time');
      socket.close(BRIDGE_CLOSE_CODES.helloTimeout, 'no hello');
    }, options.helloTimeoutMs);
    let authenticated = false;

    socket.on('message', (data, isBinary) => {
      const frame = isBinary ? null : parseClientFrame(data.toString());
      if (!authenticated) {
        clearTimeout(helloTimer);
        unauthenticated.delete(socket);
        if (!frame || frame.type !== 'hello') {
          log('warn', 'Refused a page: its first frame was not a hello');
          socket.close(BRIDGE_CLOSE_CODES.protocolError, 'hello expected');
          return;
        }
        if (!isPageSecret(frame.secret)) {
          log('warn', 'Refused a page: wrong secret');
          socket.close(BRIDGE_CLOSE_CODES.refused, 'refused');
          return;
        }
        if (client) {
          socket.close(BRIDGE_CLOSE_CODES.busy, 'busy');
          return;
        }
        authenticated = true;
        client = socket;
        send(socket, { type: 'welcome' });
        log('info', 'Page connected');
        options.onPresenceChange(true);
        return;
      }
      if (!frame || frame.type !== 'invoke') {
        log('warn', 'Closed the page connection: invalid frame');
        socket.close(BRIDGE_CLOSE_CODES.protocolError, 'invalid frame');
        return;
      }
      void dispatch(frame.channel, frame.input).then((result) => send(socket, { type: 'result', id: frame.id, result }));
    });

    socket.on('close', () => {
      clearTimeout(helloTimer);
      unauthenticated.delete(socket);
      if (client === socket) {
        client = null;
        log('info', 'Page disconnected');
        options.onPresenceChange(false);
      }
    });
    socket.on('error', (error) => log('warn', 'Page socket error', { error: error.message }));
  }

  function pushEvent(event: EventName, payload: unknown): void {
    const parsed = parsePushedEvent(event, payload);
    if (!parsed.ok) {
      log('error', 'Dropped an event that does not match the contract', { event: String(event).slice(0, 80), reason: parsed.reason });
      return;
    }
    if (client) send(client, { type: 'event', event: parsed.event, payload: parsed.payload });
  }

  /** Says goodbye to every socket; one that does not finish the close handshake in time is cut. */
  async function closeAll(graceMs = 1_000): Promise<void> {
    const open = [...sockets];
    const allClosed = Promise.all(open.map((socket) => new Promise<void>((resolve) => {
      if (socket.readyState === socket.CLOSED) return resolve();
      socket.once('close', () => resolve());
      socket.close(BRIDGE_CLOSE_CODES.shuttingDown, 'shutting down');
    })));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([allClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const socket of open) socket.terminate();
  }

  return { accept, pushEvent, closeAll };
}

export type BridgeHub = ReturnType<typeof createBridgeHub>;
