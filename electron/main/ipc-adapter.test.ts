import { describe, expect, it } from 'vitest';
import { ConsoleError } from '#shared/errors.ts';
import { CHANNEL_NAMES, type ChannelHandlers, type IpcResult } from '#shared/ipc/contract.ts';
import { forwardEvents, registerIpcHandlers, type InvokeEventLike, type IpcMainLike } from './ipc-adapter.ts';
import type { Log } from '#core/log.ts';

const APP_INFO = { version: '1.2.3', shell: 'electron', platform: 'linux', canChooseFiles: true } as const;

/** Only the handlers a test touches are real; the rest fail loudly if reached. */
function handlers(overrides: Partial<ChannelHandlers> = {}): { handlers: ChannelHandlers; calls: string[] } {
  const calls: string[] = [];
  const all = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [
      channel,
      async (input: unknown) => {
        calls.push(channel);
        const override = overrides[channel] as ((input: unknown) => Promise<unknown>) | undefined;
        if (override) return override(input);
        throw new Error(`unexpected call to ${channel}`);
      },
    ]),
  ) as unknown as ChannelHandlers;
  return { handlers: all, calls };
}

/** Plays Electron's ipcMain: one handler per channel, and invoking an unregistered one fails. */
function fakeIpcMain() {
  const registered = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcResult>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (registered.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      registered.set(channel, listener);
    },
    removeHandler: (channel) => {
      registered.delete(channel);
    },
  };
  const invoke = async (channel: string, event: InvokeEventLike, input?: unknown) => {
    const listener = registered.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener(event, input);
  };
  return { ipcMain, registered, invoke };
}

const TRUSTED_ID = 3;
const mainFrame = (url = 'app://console/index.html') => ({ url, parent: null });
const trustedEvent = (): InvokeEventLike => ({ sender: { id: TRUSTED_ID }, senderFrame: mainFrame() });

function setup(overrides: Partial<ChannelHandlers> = {}) {
  const fake = fakeIpcMain();
  const { handlers: all, calls } = handlers(overrides);
  const logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const log: Log = (level, message, fields) => logged.push(fields ? { level, message, fields } : { level, message });
  const unregister = registerIpcHandlers({ ipcMain: fake.ipcMain, handlers: all, trustedWebContentsIds: new Set([TRUSTED_ID]), log });
  return { ...fake, calls, logged, unregister };
}

describe('registerIpcHandlers (fake ipcMain)', () => {
  it('registers exactly one namespaced handler per contract channel and removes them all', () => {
    const { registered, unregister } = setup();
    expect([...registered.keys()].sort()).toEqual(CHANNEL_NAMES.map((channel) => `cc:call:${channel}`).sort());
    unregister();
    expect(registered.size).toBe(0);
  });

  it('answers a trusted main frame of app://console', async () => {
    const { invoke, calls } = setup({ 'app:info': async () => ({ ...APP_INFO }) });
    await expect(invoke('cc:call:app:info', trustedEvent())).resolves.toEqual({ ok: true, value: APP_INFO });
    expect(calls).toEqual(['app:info']);
  });

  it.each<[string, InvokeEventLike]>([
    ['wrong origin', { sender: { id: TRUSTED_ID }, senderFrame: mainFrame('https://evil.example/index.html') }],
    ['look-alike host', { sender: { id: TRUSTED_ID }, senderFrame: mainFrame('app://console.evil/index.html') }],
    ['file url', { sender: { id: TRUSTED_ID }, senderFrame: mainFrame('file:///tmp/index.html') }],
    ['subframe', { sender: { id: TRUSTED_ID }, senderFrame: { url: 'app://console/index.html', parent: mainFrame() } }],
    ['unknown webContents', { sender: { id: 99 }, senderFrame: mainFrame() }],
    ['missing senderFrame', { sender: { id: TRUSTED_ID }, senderFrame: null }],
    [
      'disposed frame',
      {
        sender: { id: TRUSTED_ID },
        get senderFrame(): never {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      },
    ],
  ])('rejects an untrusted sender (%s) before any handler runs, and logs it', async (_reason, event) => {
    const { invoke, calls, logged } = setup({ 'app:info': async () => ({ ...APP_INFO }) });
    const result = await invoke('cc:call:app:info', event);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
    expect(logged).toEqual([expect.objectContaining({ level: 'warn', message: expect.stringContaining('untrusted sender') })]);
  });

  it('has no handler for a channel outside the contract', async () => {
    const { invoke } = setup();
    await expect(invoke('cc:call:shell:openExternal', trustedEvent())).rejects.toThrow(/No handler registered/);
    await expect(invoke('app:info', trustedEvent())).rejects.toThrow(/No handler registered/);
  });

  it('rejects invalid input before the handler runs', async () => {
    const { invoke, calls } = setup();
    const result = await invoke('cc:call:session:verifyTotp', trustedEvent(), { code: '<script>', extra: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(calls).toEqual([]);
  });

  it('refuses an output that does not match the contract (an extra field could be a secret)', async () => {
    const { invoke, logged } = setup({ 'app:info': async () => ({ ...APP_INFO, sessionToken: 'leak' }) as never });
    const result = await invoke('cc:call:app:info', trustedEvent());
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('leak');
    expect(logged.some((entry) => entry.level === 'error')).toBe(true);
  });

  it('keeps the code and details of a ConsoleError', async () => {
    const { invoke } = setup({
      'session:signOut': async () => {
        throw new ConsoleError('rate-limited', 'Try again in 30 s.', { retryAfterSeconds: 30 });
      },
    });
    await expect(invoke('cc:call:session:signOut', trustedEvent())).resolves.toEqual({
      ok: false,
      error: { code: 'rate-limited', message: 'Try again in 30 s.', details: { retryAfterSeconds: 30 } },
    });
  });
});

describe('forwardEvents (fake window)', () => {
  function setupForwarding() {
    let listener: ((event: never, payload: unknown) => void) | null = null;
    const sent: Array<[string, unknown]> = [];
    let destroyed = false;
    const logged: Array<{ level: string; message: string }> = [];
    const stop = forwardEvents({
      onEvent: (added) => {
        listener = added;
        return () => (listener = null);
      },
      window: { isDestroyed: () => destroyed, webContents: { send: (channel, payload) => sent.push([channel, payload]) } },
      log: (level, message) => logged.push({ level, message }),
    });
    const emit = (event: string, payload: unknown) => listener?.(event as never, payload);
    return { emit, sent, logged, stop, destroy: () => (destroyed = true), subscribed: () => listener !== null };
  }

  it('sends a contract event on its namespaced channel', () => {
    const { emit, sent } = setupForwarding();
    emit('data:changed', { kinds: ['fleet'], syncedAt: '2026-01-01T00:00:00Z' });
    expect(sent).toEqual([['cc:event:data:changed', { kinds: ['fleet'], syncedAt: '2026-01-01T00:00:00Z' }]]);
  });

  it.each([
    ['an undeclared field (could be a secret)', 'data:changed', { kinds: ['fleet'], syncedAt: null, sessionToken: 'leak' }],
    ['a wrong type', 'session:idleWarning', { locksAt: 42 }],
    ['an event outside the contract', 'shell:exec', { command: 'leak' }],
  ])('drops %s and logs it', (_case, event, payload) => {
    const { emit, sent, logged } = setupForwarding();
    emit(event, payload);
    expect(sent).toEqual([]);
    expect(logged).toEqual([{ level: 'error', message: 'Dropped an event that does not match the contract' }]);
  });

  it('sends nothing to a destroyed window and unsubscribes on stop', () => {
    const { emit, sent, stop, destroy, subscribed } = setupForwarding();
    destroy();
    emit('data:changed', { kinds: ['fleet'], syncedAt: null });
    expect(sent).toEqual([]);
    stop();
    expect(subscribed()).toBe(false);
  });
});
