import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WEB_SHELL_BRIDGE_PATH } from '#shared/ipc/ws-frames.ts';
import { startWebShell, type WebShell } from '../server.ts';
import { APP_INFO, eventSource, fakeHandlers, makeRendererDir, shellParts, spendLaunchCode } from '../test-support.ts';
import { createPageBridge, type SocketLike } from './page-bridge.ts';

// The page half runs here in Node against the real web shell; `ws` stands in for the browser's
// WebSocket (same onopen/onmessage/onclose surface) because Node's own cannot set Origin.

let root: string;
let rendererDir: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  ({ root, rendererDir } = await makeRendererDir());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function setup(overrides: Parameters<typeof fakeHandlers>[0] = {}) {
  const { handlers, calls } = fakeHandlers(overrides);
  const events = eventSource();
  const shell: WebShell = await startWebShell({ handlers, onEvent: events.onEvent, rendererDir, reconnectGraceMs: 60_000 });
  cleanups.push(() => shell.close());
  return { shell, calls, events, pageSecret: await spendLaunchCode(shell.url) };
}

function pageBridge(shell: WebShell, secret: string) {
  const { hostHeader, origin } = shellParts(shell.url);
  const sockets: WebSocket[] = [];
  const page = createPageBridge({
    secret,
    openSocket: () => {
      const socket = new WebSocket(`ws://${hostHeader}${WEB_SHELL_BRIDGE_PATH}`, { origin });
      sockets.push(socket);
      return socket as unknown as SocketLike;
    },
    reconnectDelayMs: () => 5,
  });
  cleanups.push(() => page.dispose());
  return { ...page, sockets };
}

function syncStatus(phase: 'paused' | 'idle') {
  return { phase, lastSyncedAt: null, lastAttemptAt: null, nextSyncAt: null, intervalSeconds: 60, progress: null, error: null, jobs: [] };
}

describe('createPageBridge against the real web shell (ws as the page socket)', () => {
  it('queues calls made before the socket is ready and answers them after the hello', async () => {
    const { shell, pageSecret } = await setup();
    const { bridge, sockets } = pageBridge(shell, pageSecret);
    expect(sockets[0]?.readyState).toBe(WebSocket.CONNECTING);
    const results = await Promise.all([bridge.invoke('app:info'), bridge.invoke('app:info')]);
    expect(results).toEqual([
      { ok: true, value: APP_INFO },
      { ok: true, value: APP_INFO },
    ]);
  });

  it('refuses channels and events outside the contract without sending them', async () => {
    const { shell, calls, pageSecret } = await setup();
    const { bridge } = pageBridge(shell, pageSecret);
    await expect(bridge.invoke('shell:exec')).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(() => bridge.on('app:info', () => {})).toThrow(TypeError);
    await bridge.invoke('app:info');
    expect(calls.map((call) => call.channel)).toEqual(['app:info']);
  });

  it('hands listeners the payload only, and unsubscribes', async () => {
    const { shell, events, pageSecret } = await setup();
    const { bridge } = pageBridge(shell, pageSecret);
    await bridge.invoke('app:info');
    const received: unknown[][] = [];
    const unsubscribe = bridge.on('sync:changed', (...args: unknown[]) => received.push(args));
    const arrived = new Promise<void>((resolve) => bridge.on('data:changed', () => resolve()));
    events.emit('sync:changed', syncStatus('paused'));
    events.emit('data:changed', { kinds: ['fleet'], syncedAt: null });
    await arrived;
    unsubscribe();
    events.emit('sync:changed', syncStatus('idle'));
    const afterUnsubscribe = new Promise<void>((resolve) => bridge.on('data:changed', () => resolve()));
    events.emit('data:changed', { kinds: ['fleet'], syncedAt: null });
    await afterUnsubscribe;
    expect(received).toEqual([[syncStatus('paused')]]);
  });

  it('reconnects with the same secret when the socket drops; calls in flight fail, later calls work', async () => {
    let signalSlowCallStarted!: () => void;
    const slowCallStarted = new Promise<void>((resolve) => (signalSlowCallStarted = resolve));
    const { shell, calls, pageSecret } = await setup({
      'sync:now': () => {
        signalSlowCallStarted();
        return new Promise(() => {});
      },
    });
    const { bridge, sockets } = pageBridge(shell, pageSecret);
    const inFlight = bridge.invoke('sync:now');
    await slowCallStarted;
    sockets[0]!.terminate();
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    await expect(bridge.invoke('app:info')).resolves.toEqual({ ok: true, value: APP_INFO });
    expect(sockets.length).toBeGreaterThan(1);
    expect(calls.map((call) => call.channel)).toEqual(['sync:now', 'app:info']);
  });

  it('stops for good after a wrong secret: no handler runs, calls fail with forbidden', async () => {
    const { shell, calls } = await setup();
    const { bridge, sockets } = pageBridge(shell, 'not-the-secret');
    await expect(bridge.invoke('app:info')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(bridge.invoke('app:info')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(sockets.length).toBe(1);
    expect(calls).toEqual([]);
  });
});
