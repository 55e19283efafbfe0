import path from 'node:path';
import { isConsoleError } from '#shared/errors.ts';
// Not open-database.ts: this runs on the main thread, whose modules import no SQLite (the workers open the
// databases; start-database-worker.ts loads the addon once when the first of them starts).
import { hasDatabaseContent, moveCacheAside, removeCacheAndMovedAsideCopies } from '../cache/cache-files.ts';
import type { Log } from '../log.ts';
import { openDurableStore, type DurableClient } from './durable-client.ts';
import type { DurableKeyCustody, DurableKeyOwner } from './durable-key.ts';

/**
 * One durable store per profile, `<data>/durable/<profile id>.sqlite`: a folder of its own, so
 * nothing that moves aside, rebuilds or deletes caches can reach it.
 */
export function durableFileFor(dataDir: string, profileId: string): string {
  return path.join(dataDir, 'durable', `${profileId}.sqlite`);
}

export interface OpenProfileDurableStoreOptions {
  file: string;
  owner: DurableKeyOwner;
  keys: DurableKeyCustody;
  workerUrl?: URL;
  log: Log;
  /** A sentence for the technician when what the store held cannot be read any more. */
  notify: (message: string) => void;
}

/**
 * Opens the profile's durable store with its own key. A store its key cannot open (the keychain
 * entry is gone or was replaced) or that is damaged is never deleted: it is moved aside for
 * whoever can restore the key, and a new one is started, with a notice saying what that costs.
 * A store written by a newer console is left alone and refused.
 */
export async function openProfileDurableStore(options: OpenProfileDurableStoreOptions): Promise<DurableClient> {
  const open = (keyHex: string) => openDurableStore({ file: options.file, keyHex, ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}) });
  let keyHex = await options.keys.read(options.owner);
  if (keyHex === null) {
    if (await hasDatabaseContent(options.file)) await setAside(options, 'its key is no longer in the system keychain');
    keyHex = await options.keys.create(options.owner);
  }
  try {
    return await open(keyHex);
  } catch (error) {
    if (!isConsoleError(error, 'cache-wrong-key') && !isConsoleError(error, 'cache-corrupt')) throw error;
    await setAside(options, error.code === 'cache-wrong-key' ? 'it does not match its key in the system keychain' : 'it is damaged');
    return open(keyHex);
  }
}

async function setAside(options: OpenProfileDurableStoreOptions, reason: string): Promise<void> {
  const movedTo = await moveCacheAside(options.file);
  options.log('warn', 'durable store moved aside', { reason, movedTo });
  options.notify(
    `The record of your actions on this computer could not be read (${reason}). It was kept as ${movedTo}; a new record starts now, and actions it held that had not reached Central Command were not sent.`,
  );
}

/** "Remove local data": the store, its companions and every copy set aside. */
export function removeProfileDurableStore(file: string): Promise<void> {
  return removeCacheAndMovedAsideCopies(file);
}
