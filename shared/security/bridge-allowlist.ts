import type { ChannelName, EventName } from '../ipc/contract.ts';

/**
 * The channel and event names the renderer-side bridges (Electron preload, web-shell page script)
 * let through, plus the Electron IPC names they travel under.
 *
 * Why not CHANNEL_NAMES / EVENT_NAMES from the contract: importing them pulls every zod schema into
 * the preload bundle. These literals are checked against the contract by the compiler (`satisfies`
 * rejects a missing or an extra name) and by a test, so they cannot drift.
 */
const CALLABLE = {
  'app:info': true,
  'session:get': true,
  'session:signIn': true,
  'session:verifyTotp': true,
  'session:cancelMfa': true,
  'session:signOut': true,
  'session:activity': true,
  'session:lock': true,
  'session:unlock': true,
  'settings:get': true,
  'settings:set': true,
  'fleet:overview': true,
  'fleet:orgs': true,
  'profiles:list': true,
  'profiles:switch': true,
  'profiles:add': true,
  'profiles:remove': true,
  'sync:status': true,
  'sync:now': true,
  'dialog:chooseCaFile': true,
  'site:open': true,
  'site:close': true,
  'site:refresh': true,
  'attention:list': true,
  'update:get': true,
  'update:check': true,
  'update:restart': true,
  'ca:pinned': true,
  'ca:replace': true,
} as const satisfies Record<ChannelName, true>;

const SUBSCRIBABLE = {
  'session:changed': true,
  'sync:changed': true,
  'fleet:changed': true,
  'site:changed': true,
  'session:idleWarning': true,
  'update:changed': true,
  'deepLink:open': true,
} as const satisfies Record<EventName, true>;

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
