import type { ChannelName, EventName } from '../ipc/contract.ts';
import { CHANNEL_ACCESS, EVENT_ACCESS } from '../session/channel-access.ts';

/**
 * The channel and event names the renderer-side bridges (Electron preload, web-shell page script)
 * let through, plus the Electron IPC names they travel under: the names of the per-state access
 * tables, which are typed over the whole contract (every channel and event appears exactly once).
 * Both bridges are bundled with these tables evaluated and inlined as plain data
 * (electron/web-shell/access-tables-plugin.ts), so they carry no zod schema.
 */
const CALLABLE = CHANNEL_ACCESS;
const SUBSCRIBABLE = EVENT_ACCESS;

export const BRIDGE_CHANNEL_NAMES = Object.freeze(Object.keys(CALLABLE)) as readonly ChannelName[];
export const BRIDGE_EVENT_NAMES = Object.freeze(Object.keys(SUBSCRIBABLE)) as readonly EventName[];

export function isBridgeChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(CALLABLE, value);
}

export function isBridgeEvent(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(SUBSCRIBABLE, value);
}

/**
 * Electron IPC names are namespaced so the preload can only ever reach handlers of this contract:
 * `cc:call:<channel>` for invoke (ipcMain.handle), `cc:event:<event>` for main → renderer pushes.
 */
export const ELECTRON_CALL_PREFIX = 'cc:call:';
export const ELECTRON_EVENT_PREFIX = 'cc:event:';

export function electronCallChannel(channel: ChannelName): string {
  return ELECTRON_CALL_PREFIX + channel;
}

export function electronEventChannel(event: EventName): string {
  return ELECTRON_EVENT_PREFIX + event;
}
