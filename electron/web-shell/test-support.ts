import { request } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { EventListener } from '#core/console-service.ts';
import { CHANNEL_NAMES, type ChannelHandlers, type EventName, type EventPayload } from '#shared/ipc/contract.ts';
import { PAGE_SECRET_META_NAME, WEB_SHELL_BRIDGE_PATH } from '#shared/ipc/ws-frames.ts';

/** Shared by the web-shell tests: a renderer dir on disk, handlers, an event source and raw clients. */

export const APP_INFO = { version: '9.9.9', shell: 'web', platform: 'linux', canChooseFiles: false } as const;

export async function makeRendererDir(): Promise<{ root: string; rendererDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'cc-web-shell-'));
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    join(rendererDir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Central Console</title><script type="module" src="/assets/app.js"></script></head><body><main id="out">waiting</main></body></html>',
  );
  // The stand-in app proves the bridge exists before it runs and that a call works end to end.
  await writeFile(
    join(rendererDir, 'assets', 'app.js'),
    `const out = document.getElementById('out');
     if (!window.centralConsole) { out.textContent = 'no bridge'; }
     else { window.centralConsole.invoke('app:info').then((r) => { out.textContent = JSON.stringify(r); }); }`,
  );
  await writeFile(join(root, 'secret.txt'), 'outside the renderer');
  return { root, rendererDir };
}

export function fakeHandlers(overrides: Partial<ChannelHandlers> = {}): { handlers: ChannelHandlers; calls: Array<{ channel: string; input: unknown }> } {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [
      channel,
      async (input: unknown) => {
        calls.push({ channel, input });
        const override = overrides[channel] as ((input: unknown) => Promise<unknown>) | undefined;
        if (override) return override(input);
        if (channel === 'app:info') return { ...APP_INFO };
        throw new Error(`unexpected call to ${channel}`);
      },
    ]),
  ) as unknown as ChannelHandlers;
  return { handlers, calls };
}

export function eventSource() {
  const listeners = new Set<EventListener>();
  return {
    onEvent(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      for (const listener of listeners) listener(event, payload);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

export function shellParts(url: string): { port: number; launchCode: string; launchPath: string; hostHeader: string; origin: string } {
  const parsed = new URL(url);
  return { port: Number(parsed.port), launchCode: parsed.searchParams.get('launch') ?? '', launchPath: parsed.pathname + parsed.search, hostHeader: parsed.host, origin: parsed.origin };
}

/** Loads the launch address as the first tab would and returns the page secret it was given. */
export async function spendLaunchCode(url: string): Promise<string> {
  const { launchPath, hostHeader } = shellParts(url);
  const response = await rawGet(url, launchPath, { host: hostHeader });
  const secret = new RegExp(`<meta name="${PAGE_SECRET_META_NAME}" content="([A-Za-z0-9_-]+)">`).exec(response.body)?.[1];
  if (response.status !== 200 || !secret) throw new Error(`the launch address gave no page secret (HTTP ${response.status})`);
  return secret;
}

export interface RawClient {
  socket: WebSocket;
  /** Frames received so far, parsed. */
  frames: unknown[];
  nextFrame(): Promise<unknown>;
  closed: Promise<{ code: number }>;
}

/** A ws client that behaves like the page's socket but lets a test set Origin and Host freely. */
export function rawClient(url: string, options: { origin?: string; host?: string; path?: string } = {}): Promise<RawClient> {
  const { hostHeader, origin } = shellParts(url);
  const socket = new WebSocket(`ws://${hostHeader}${options.path ?? WEB_SHELL_BRIDGE_PATH}`, {
    origin: options.origin ?? origin,
    headers: options.host ? { host: options.host } : {},
  });
  const frames: unknown[] = [];
  const waiters: Array<(frame: unknown) => void> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as unknown;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<{ code: number }>((resolve) => socket.on('close', (code) => resolve({ code })));
  return new Promise((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        socket,
        frames,
        closed,
        nextFrame: () => (frames.length > 0 ? Promise.resolve(frames.shift()) : new Promise((r) => waiters.push(r))),
      }),
    );
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** A raw GET, so paths reach the server exactly as written (fetch would normalise dot segments). */
export function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = shellParts(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
