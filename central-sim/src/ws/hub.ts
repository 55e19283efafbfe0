import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FleetEvent, FleetEventType } from '../events.ts';
import type { SimState } from '../state.ts';
import { pythonIsoformat } from '../timestamps.ts';

export const WS_PATH = '/ws/events';
export const DEFAULT_MAX_CONNECTIONS = 200;
/** websocket_manager.py: at most one event of each type per 0.5 s; extras are dropped, not queued. */
export const THROTTLE_MS = 500;

const CLOSE_POLICY_VIOLATION = 1008;
const CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * GET /ws/events?token=<session token> on the API server, as main.py does it: the socket is accepted first and
 * then closed with 1008 (no/invalid token) or 1013 (full). Events go to every client with no org-scope filtering,
 * as on the real server. The throttle runs on simulator time, so tests can step past it without sleeping.
 * The token is never logged (nothing here logs).
 */
export class EventHub {
  readonly #state: SimState;
  readonly #maxConnections: number;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #clients = new Set<WebSocket>();
  readonly #lastSent = new Map<FleetEventType, number>();
  readonly #unsubscribe: () => void;

  constructor(state: SimState, options: { maxConnections?: number } = {}) {
    this.#state = state;
    this.#maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.#unsubscribe = state.events.on((event) => this.#broadcast(event));
  }

  get connectionCount(): number {
    return this.#clients.size;
  }

  /** For the HTTPS server's 'upgrade' event. Any other path gets Starlette's 404 and the socket is closed. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'https://sim.invalid');
    if (url.pathname !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 22\r\nConnection: close\r\n\r\n{"detail":"Not Found"}');
      return;
    }
    const token = url.searchParams.get('token');
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, token));
  }

  #accept(ws: WebSocket, token: string | null): void {
    const user = token ? this.#state.sessions.validate(token, this.#state.clock.now()) : null;
    if (!user) {
      ws.close(CLOSE_POLICY_VIOLATION);
      return;
    }
    if (this.#clients.size >= this.#maxConnections) {
      ws.close(CLOSE_TRY_AGAIN_LATER);
      return;
    }
    this.#clients.add(ws);
    ws.on('close', () => this.#clients.delete(ws));
    ws.on('error', () => this.#clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
    });
  }

  #broadcast(event: FleetEvent): void {
    const last = this.#lastSent.get(event.type);
    if (last !== undefined && event.atMs - last < THROTTLE_MS && event.atMs >= last) return;
    this.#lastSent.set(event.type, event.atMs);
    const frame = JSON.stringify({ type: event.type, payload: event.payload, timestamp: pythonIsoformat(event.atMs) });
    for (const client of this.#clients) if (client.readyState === client.OPEN) client.send(frame);
  }

  /** Drops every client without a close handshake (the simulator is shutting down). */
  close(): Promise<void> {
    this.#unsubscribe();
    for (const client of this.#clients) client.terminate();
    this.#clients.clear();
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }
}
