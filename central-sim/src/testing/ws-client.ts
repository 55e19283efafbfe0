import WebSocket from 'ws';
import type { RunningSimulator } from '../server.ts';

/** A /ws/events client for tests: frames are queued in arrival order and taken one by one. */
export interface EventsClient {
  socket: WebSocket;
  /** The next frame (waits for it). */
  next(): Promise<Record<string, unknown>>;
  /** Frames received but not yet taken. */
  pending(): Record<string, unknown>[];
  /** Resolves with the close code (also when the server closes right after accepting). */
  closed: Promise<number>;
  close(): Promise<void>;
}

export function openEvents(sim: RunningSimulator, token: string | null): Promise<EventsClient> {
  const url = `${sim.url.replace('https:', 'wss:')}/ws/events${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const socket = new WebSocket(url, { ca: sim.caCertPem });
  const queue: Record<string, unknown>[] = [];
  const waiters: ((frame: Record<string, unknown>) => void)[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else queue.push(frame);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        next: () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((r) => waiters.push(r))),
        pending: () => [...queue],
        closed,
        close: async () => {
          if (socket.readyState !== WebSocket.CLOSED) {
            socket.close();
            await closed;
          }
        },
      }),
    );
  });
}
