import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isConsoleError } from '#shared/errors.ts';
import type { Sealed } from '../lock/cache-key-custody.ts';
import { openCache, type CacheClient } from './cache-client.ts';
import { CACHE_OPERATION_NAMES, type CacheOperations } from './cache-operations.ts';
import { moveCacheAside } from './cache-files.ts';

export interface OpenProfileCacheOptions {
  file: string;
  /** The key rebuilt from the keychain share and the password (lock/cache-key-custody.ts). */
  sealed: Sealed;
  workerUrl?: URL;
  /** A cache that could not be read was moved aside (to `movedTo`) and is rebuilt. */
  onMovedAside: (reason: string, movedTo: string) => void;
  /**
   * Damage found after the open (the whole-file check, or a read that met it): the cache was moved
   * aside (`onMovedAside` first) and an empty one took its place, under the same key. What it held
   * must be synced afresh.
   */
  onRebuilt: () => void;
  /** The clock the whole-file check is due by (cache-client.ts). */
  now?: () => Date;
}

/**
 * Online only (Central Command accepted the password): a cache that cannot be read is moved aside
 * and rebuilt from Central Command, never deleted — when the open finds it, and when damage is
 * found while it is open. Then at once: the damaged cache's workers are closed first (its queued
 * calls answered), so no connection still holds the files that are renamed, and calls made
 * meanwhile wait for the new cache. Offline, only the existing cache opens
 * (`openCache({ existingOnly })`), so nothing is moved there.
 */
export async function openProfileCache(options: OpenProfileCacheOptions): Promise<CacheClient> {
  const { file, sealed } = options;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  if (sealed.replacedBecause && existsSync(file)) await quarantine(options, sealed.replacedBecause);

  let generation = 0;
  let closed = false;
  let rebuilding: Promise<void> | null = null;
  const open = () => {
    const opened = ++generation;
    return openCache({
      file,
      keyHex: sealed.cacheKeyHex,
      ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
      ...(options.now ? { now: options.now } : {}),
      onDamaged: () => {
        if (opened !== generation || closed || rebuilding !== null) return;
        rebuilding = rebuild();
        // A rebuild that fails (the disk full, say) is what every later call answers with; it is never left unhandled.
        rebuilding.catch(() => undefined);
      },
    });
  };
  const rebuild = async () => {
    await current.close();
    await quarantine(options, 'it is damaged');
    current = await open();
    rebuilding = null;
    if (!closed) options.onRebuilt();
  };

  let current: CacheClient;
  try {
    current = await open();
  } catch (error) {
    if (!isConsoleError(error, 'cache-wrong-key') && !isConsoleError(error, 'cache-corrupt')) throw error;
    await quarantine(options, error.code === 'cache-wrong-key' ? 'it does not match its key' : 'it is damaged');
    current = await open();
  }

  const settled = () => rebuilding ?? Promise.resolve();
  const operations = Object.fromEntries(
    CACHE_OPERATION_NAMES.map((name) => [name, async (...args: unknown[]) => {
      await settled();
      return (current[name] as (...parameters: unknown[]) => Promise<unknown>)(...args);
    }]),
  ) as unknown as Omit<CacheClient, 'close' | 'integrityCheck'>;
  return {
    ...operations,
    get integrityCheck() {
      return current.integrityCheck;
    },
    async close() {
      closed = true;
      await settled().catch(() => undefined);
      await current.close();
    },
  } satisfies CacheClient & Record<keyof CacheOperations, unknown>;
}

async function quarantine(options: OpenProfileCacheOptions, reason: string): Promise<void> {
  options.onMovedAside(reason, await moveCacheAside(options.file));
}
