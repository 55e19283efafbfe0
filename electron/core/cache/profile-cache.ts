import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isConsoleError } from '#shared/errors.ts';
import type { Sealed } from '../lock/cache-key-custody.ts';
import { openCache, type CacheClient } from './cache-client.ts';
import { moveCacheAside } from './cache-files.ts';

export interface OpenProfileCacheOptions {
  file: string;
  /** The key rebuilt from the keychain share and the password (lock/cache-key-custody.ts). */
  sealed: Sealed;
  workerUrl?: URL;
  /** A cache that could not be read was moved aside (to `movedTo`) and is rebuilt. */
  onMovedAside: (reason: string, movedTo: string) => void;
}

/**
 * Online only (Central Command accepted the password): a cache that cannot be read is moved aside
 * and rebuilt from Central Command, never deleted. Offline, only the existing cache opens
 * (`openCache({ existingOnly })`), so nothing is moved there.
 */
export async function openProfileCache(options: OpenProfileCacheOptions): Promise<CacheClient> {
  const { file, sealed } = options;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  if (sealed.replacedBecause && existsSync(file)) await quarantine(options, sealed.replacedBecause);
  const open = () => openCache({ file, keyHex: sealed.cacheKeyHex, ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}) });
  try {
    return await open();
  } catch (error) {
    if (!isConsoleError(error, 'cache-wrong-key') && !isConsoleError(error, 'cache-corrupt')) throw error;
    await quarantine(options, error.code === 'cache-wrong-key' ? 'it does not match its key' : 'it is damaged');
    return open();
  }
}

async function quarantine(options: OpenProfileCacheOptions, reason: string): Promise<void> {
  options.onMovedAside(reason, await moveCacheAside(options.file));
}
