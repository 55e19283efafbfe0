import { BRIDGE_GLOBAL_NAME, type ConsoleBridge } from '#shared/ipc/bridge.ts';

/**
 * The shell (Electron preload or the web shell's page script) defines the bridge before this
 * page runs. Anything else that opens the page gets null and a plain explanation instead.
 */
export function findBridge(scope: object = globalThis): ConsoleBridge | null {
  const candidate: unknown = Reflect.get(scope, BRIDGE_GLOBAL_NAME);
  if (typeof candidate !== 'object' || candidate === null) return null;
  const invoke: unknown = Reflect.get(candidate, 'invoke');
  const on: unknown = Reflect.get(candidate, 'on');
  if (typeof invoke !== 'function' || typeof on !== 'function') return null;
  return candidate as ConsoleBridge;
}
