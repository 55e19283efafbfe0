import { describe, expect, it } from 'vitest';
import { createPreloadBridge, type IpcRendererLike } from './preload-bridge.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Records what the bridge asks of ipcRenderer; `emit` plays main's webContents.send. */
function fakeIpcRenderer() {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return { ok: true, value: `answer to ${channel}` };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  const senderEvent = { sender: { name: 'the raw ipcRenderer' }, senderId: 0 };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener(senderEvent, payload);
  };
  return { ipc, invoked, listeners, emit };
}

describe('createPreloadBridge (fake ipcRenderer)', () => {
  it('exposes invoke and on, nothing else', () => {
    const bridge = createPreloadBridge(fakeIpcRenderer().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('invokes contract channels under the cc:call: namespace with the input only', async () => {
    const fake = fakeIpcRenderer();
    const bridge = createPreloadBridge(fake.ipc);
    await expect(bridge.invoke('fleet:overview', { search: 'clinic' })).resolves.toEqual({ ok: true, value: 'answer to cc:call:fleet:overview' });
    expect(fake.invoked).toEqual([{ channel: 'cc:call:fleet:overview', args: [{ search: 'clinic' }] }]);
  });

  it('refuses a channel outside the contract without touching IPC', async () => {
    const fake = fakeIpcRenderer();
    const bridge = createPreloadBridge(fake.ipc);
    for (const channel of ['shell:openExternal', 'cc:call:app:info', '__proto__', 'session:changed']) {
      await expect(bridge.invoke(channel)).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(fake.invoked).toEqual([]);
  });

  it('gives listeners the payload only, never the IpcRendererEvent', () => {
    const fake = fakeIpcRenderer();
    const bridge = createPreloadBridge(fake.ipc);
    const received: unknown[][] = [];
    bridge.on('sync:changed', (...args: unknown[]) => received.push(args));
    fake.emit('cc:event:sync:changed', { phase: 'idle' });
    expect(received).toEqual([[{ phase: 'idle' }]]);
  });

  it('returns an unsubscribe function that removes exactly its listener', () => {
    const fake = fakeIpcRenderer();
    const bridge = createPreloadBridge(fake.ipc);
    const first: unknown[] = [];
    const second: unknown[] = [];
    const unsubscribe = bridge.on('session:changed', (payload) => first.push(payload));
    bridge.on('session:changed', (payload) => second.push(payload));
    unsubscribe();
    unsubscribe();
    fake.emit('cc:event:session:changed', 'x');
    expect(first).toEqual([]);
    expect(second).toEqual(['x']);
    expect(fake.listeners.get('cc:event:session:changed')?.size).toBe(1);
  });

  it('refuses to subscribe to an event outside the contract', () => {
    const fake = fakeIpcRenderer();
    const bridge = createPreloadBridge(fake.ipc);
    expect(() => bridge.on('cc:call:app:info', () => {})).toThrow(TypeError);
    expect(() => bridge.on('session:get', () => {})).toThrow(TypeError);
    expect(() => bridge.on('session:changed', 'not a function' as never)).toThrow(TypeError);
    expect(fake.listeners.size).toBe(0);
  });
});
