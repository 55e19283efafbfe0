/**
 * The only object the renderer gets from its shell: Electron's preload exposes it through
 * contextBridge, the web shell's page script defines it. Two functions, nothing else.
 */
export interface ConsoleBridge {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  /** Returns a function that removes the listener. The listener never sees a transport event object. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export const BRIDGE_GLOBAL_NAME = 'centralConsole';
