import { access, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { keyCheckPath } from './key-check.ts';

/** Every file that belongs to one cache: the database, its WAL and shared memory, the key check. */
export function cacheFilePaths(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, keyCheckPath(file)];
}

/** Deletes the cache and its companions ("remove local data"). Missing files are fine. */
export async function removeCacheFiles(file: string): Promise<void> {
  for (const path of cacheFilePaths(file)) {
    await rm(path, { force: true });
  }
}

/** "Remove local data": the cache, its companions, and every copy moveCacheAside ever made of it. */
export async function removeCacheAndMovedAsideCopies(file: string): Promise<void> {
  await removeCacheFiles(file);
  const folder = dirname(file);
  const asidePrefix = `${basename(file)}.bad-`;
  const names = await readdir(folder).catch((): string[] => []);
  for (const name of names.filter((candidate) => candidate.startsWith(asidePrefix))) await rm(join(folder, name), { force: true });
}

/**
 * Renames the cache and its companions to `<file>.bad-<yyyyMMddHHmmss>…` (UTC), keeping each
 * suffix, so a fresh cache can be synced while the old one stays for inspection.
 * Returns the new database path.
 */
export async function moveCacheAside(file: string, now: Date = new Date()): Promise<string> {
  const asideBase = await unusedAsideBase(`${file}.bad-${compactUtcTimestamp(now)}`);
  for (const path of cacheFilePaths(file)) {
    const suffix = path.slice(file.length);
    try {
      await rename(path, `${asideBase}${suffix}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return asideBase;
}

/** Two recoveries within one second must not overwrite the first one's files. */
async function unusedAsideBase(candidate: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const base = attempt === 1 ? candidate : `${candidate}-${attempt}`;
    const taken = await Promise.all(cacheFilePaths(base).map(exists));
    if (!taken.includes(true)) return base;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function compactUtcTimestamp(date: Date): string {
  // 2026-03-04T05:06:07.890Z → 20260304050607
  return date.toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** Whether the file exists and holds anything (an empty file is what a crash before the first write leaves). */
export async function hasDatabaseContent(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
