import type { ConsoleBridge } from '#shared/ipc/bridge.ts';
import type { IpcResult } from '#shared/ipc/contract.ts';
import { isBridgeChannel, isBridgeEvent } from '#shared/security/bridge-allowlist.ts';
import { BRIDGE_CLOSE_CODES, FATAL_BRIDGE_CLOSE_CODES, type ClientFrame, type ServerFrame } from '#shared/ipc/ws-frames.ts';

/** The browser WebSocket surface the bridge uses (the `ws` client offers the same in Node tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: never) => void) | null;
}

export interface PageBridgeOptions {
  secret: string;
  openSocket: () => SocketLike;
  /** Delay before reconnect attempt n (1-based). */
  reconnectDelayMs?: (attempt: number) => number;
}

const OPEN = 1;

type Pending = { frame: ClientFrame & { type: 'invoke' }; resolve: (result: IpcResult) => void };

/**
 * The web twin of the preload: the same two functions over a WebSocket. Calls made before the
 * socket is authenticated wait in a queue; a dropped socket is reopened with the same secret;
 * calls that were already sent when it dropped fail (resending could repeat a mutation).
 */
export function createPageBridge(options: PageBridgeOptions): { bridge: ConsoleBridge; dispose(): void } {
  const reconnectDelayMs = options.reconnectDelayMs ?? ((attempt) => Math.min(100 * 2 ** (attempt - 1), 2_000));
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queued: Pending[] = [];
  const inFlight = new Map<number, Pending>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let welcomed = false;
  let stoppedReason: string | null = null;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  function failure(code: 'internal' | 'forbidden' | 'invalid-input', message: string): IpcResult {
    return { ok: false, error: { code, message } };
  }

  function connect(): void {
    reconnectTimer = null;
    if (stoppedReason) return;
    const current = options.openSocket();
    socket = current;
    welcomed = false;
    current.onopen = () => current.send(JSON.stringify({ type: 'hello', secret: options.secret } satisfies ClientFrame));
    current.onmessage = (event) => {
      if (socket === current) receive(event.data);
    };
    current.onclose = (event) => {
      if (socket === current) dropped(event.code);
    };
    current.onerror = () => {};
  }

  function receive(data: unknown): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'welcome') {
      welcomed = true;
      attempt = 0;
      for (const pending of queued.splice(0)) transmit(pending);
    } else if (frame.type === 'result') {
      const pending = inFlight.get(frame.id);
      inFlight.delete(frame.id);
      pending?.resolve(frame.result);
    } else if (frame.type === 'event') {
      for (const listener of listeners.get(frame.event) ?? []) {
        try {
          listener(frame.payload);
        } catch (error) {
          // One failing listener must not starve the others; the error still reaches the console.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  }

  function dropped(code: number): void {
    socket = null;
    welcomed = false;
    for (const pending of inFlight.values()) {
      pending.resolve(failure('internal', 'The connection to the console was interrupted before it answered. Try again.'));
    }
    inFlight.clear();
    if (FATAL_BRIDGE_CLOSE_CODES.includes(code)) {
      stop(
        code === BRIDGE_CLOSE_CODES.shuttingDown
          ? 'The console has stopped. Start it again from the command line.'
          : 'This page is not connected to the console. Each address the web shell prints opens it once, in one tab: use the tab it opened, or restart the web shell for a new address.',
      );
      return;
    }
    attempt += 1;
    reconnectTimer = setTimeout(connect, reconnectDelayMs(attempt));
  }

  function stop(reason: string): void {
    stoppedReason = reason;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    for (const pending of queued.splice(0)) pending.resolve(failure('forbidden', reason));
  }

  function transmit(pending: Pending): void {
    if (!socket || !welcomed || socket.readyState !== OPEN) {
      queued.push(pending);
      return;
    }
    inFlight.set(pending.frame.id, pending);
    socket.send(JSON.stringify(pending.frame));
  }

  const bridge: ConsoleBridge = {
    invoke(channel: string, input?: unknown): Promise<unknown> {
      if (!isBridgeChannel(channel)) return Promise.resolve(failure('invalid-input', 'The console asked for something it does not know.'));
      if (stoppedReason) return Promise.resolve(failure('forbidden', stoppedReason));
      try {
        // Fails early, here, for input that cannot travel (cycles, BigInt).
        JSON.stringify(input);
      } catch {
        return Promise.resolve(failure('invalid-input', `Invalid input for ${channel}: not serializable`));
      }
      return new Promise<IpcResult>((resolve) => {
        const frame: ClientFrame & { type: 'invoke' } = input === undefined ? { type: 'invoke', id: nextId++, channel } : { type: 'invoke', id: nextId++, channel, input };
        transmit({ frame, resolve });
      });
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!isBridgeEvent(event)) throw new TypeError(`Unknown console event: ${String(event).slice(0, 80)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      const wrapped = (payload: unknown) => listener(payload);
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };

  connect();

  return {
    bridge,
    dispose() {
      stop('The page was closed.');
      const current = socket;
      socket = null;
      current?.close(1000, 'page closed');
    },
  };
}
