import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { UpdatePlatformSchema } from '#shared/update/manifest.ts';
import type { ProxyResolver } from '#core/api/proxy.ts';
import type { Log } from '#core/log.ts';
import { createHighWaterStore } from '#core/update/high-water-store.ts';
import { PINNED_UPDATE_KEYS } from '#core/update/pinned-keys.ts';
import { UPDATE_SERIAL_FLOOR } from '#core/update/serial-floor.ts';
import type { UpdateSupport } from '#core/update/update-controller.ts';
import { createUpdateVerifier } from '#core/update/update-verifier.ts';
import { dataDirFrom } from './app-paths.ts';
import { configureSignedUpdates, createSignedUpdaterEngine, updateFeedFrom } from './signed-updater.ts';

const FIRST_CHECK_MS = 60_000;
const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

/**
 * The signed updater for the console service (Electron only; the web shell has none). Only an
 * installed (packaged) console updates itself: electron-updater does nothing unpackaged. Manifest and
 * signature take `resolveProxy`'s route; the release files are downloaded by electron-updater with
 * Electron's `net`, whose Chromium stack applies the same system proxy settings by itself.
 */
export function createAutoUpdates(log: Log, resolveProxy: ProxyResolver): UpdateSupport {
  if (!app.isPackaged) return { unsupported: 'This development build does not update itself; installed releases do.' };
  const platform = UpdatePlatformSchema.safeParse(process.platform);
  if (!platform.success) return { unsupported: `Central Console does not publish updates for ${process.platform}.` };
  const { feedUrl, channel } = updateFeedFrom(process.env);
  const verifier = createUpdateVerifier({
    keys: PINNED_UPDATE_KEYS,
    serialFloor: UPDATE_SERIAL_FLOOR,
    highWater: createHighWaterStore(dataDirFrom(process.env, app.getPath('userData')), (message) => log('warn', message)),
    channel,
    platform: platform.data,
    currentVersion: app.getVersion(),
    log,
  });
  autoUpdater.logger = {
    info: (message?: unknown) => log('info', `electron-updater: ${String(message)}`),
    warn: (message?: unknown) => log('warn', `electron-updater: ${String(message)}`),
    error: (message?: unknown) => log('error', `electron-updater: ${String(message)}`),
  };
  configureSignedUpdates(autoUpdater, { feedUrl, channel, verifier, resolveProxy });
  log('info', 'signed updates enabled', { feedUrl, channel, pinnedKeys: PINNED_UPDATE_KEYS.map((key) => key.id).join(',') });
  return { engine: createSignedUpdaterEngine({ updater: autoUpdater, verifier, channel, log, schedule: { firstCheckMs: FIRST_CHECK_MS, checkEveryMs: CHECK_EVERY_MS } }) };
}
