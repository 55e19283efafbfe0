import type { ConsoleBridge } from '#shared/ipc/bridge.ts';
import type { IpcResult } from '#shared/ipc/contract.ts';
import { electronCallChannel, electronEventChannel, isBridgeChannel, isBridgeEvent } from '#shared/security/bridge-allowlist.ts';

/** The part of Electron's ipcRenderer the bridge uses (a fake in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The object the preload hands to contextBridge. The renderer can only name contract channels and
 * events; listeners get the payload alone, never the IpcRendererEvent (whose `sender` is the raw
 * ipcRenderer — checklist item 20).
 */
export function createPreloadBridge(ipcRenderer: IpcRendererLike): ConsoleBridge {
  return {
    invoke(channel: string, input?: unknown): Promise<unknown> {
      if (!isBridgeChannel(channel)) {
        const refused: IpcResult = {
          ok: false,
          error: { code: 'invalid-input', message: 'The console asked for something it does not know.', details: { channel: String(channel).slice(0, 80) } },
        };
        return Promise.resolve(refused);
      }
      return ipcRenderer.invoke(electronCallChannel(channel), input);
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!isBridgeEvent(event)) throw new TypeError(`Unknown console event: ${String(event).slice(0, 80)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      const ipcChannel = electronEventChannel(event);
      const forward = (_event: unknown, payload?: unknown) => listener(payload);
      ipcRenderer.on(ipcChannel, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipcRenderer.removeListener(ipcChannel, forward);
      };
    },
  };
}
