import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveCacheAside, removeCacheAndMovedAsideCopies, removeCacheFiles } from './cache-files.ts';
import { listDir, makeTempDir } from './test-support/cache-fixtures.ts';
import type { TempDir } from './test-support/cache-fixtures.ts';

describe('cache files', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  async function writeCompanions(name: string, suffixes: string[]): Promise<void> {
    for (const suffix of suffixes) await writeFile(dir.file(`${name}${suffix}`), `content of ${suffix || 'db'}`);
  }

  it('removeCacheFiles deletes the database, WAL, shared memory and key check, and nothing else', async () => {
    await writeCompanions('cache.db', ['', '-wal', '-shm', '.keycheck']);
    await writeFile(dir.file('other.db'), 'keep me');

    await removeCacheFiles(dir.file('cache.db'));

    expect(await listDir(dir.path)).toEqual(['other.db']);
  });

  it('removing local data also deletes every moved-aside copy of that cache, and nothing of another', async () => {
    await writeCompanions('cache.db', ['', '-wal', '.keycheck']);
    await moveCacheAside(dir.file('cache.db'), new Date('2026-03-04T05:06:07Z'));
    await writeCompanions('cache.db', ['', '-shm']);
    await writeCompanions('other.db', ['', '.bad-20260101000000']);

    await removeCacheAndMovedAsideCopies(dir.file('cache.db'));

    expect(await listDir(dir.path)).toEqual(['other.db', 'other.db.bad-20260101000000']);
  });

  it('removeCacheFiles is fine with files already missing', async () => {
    await writeCompanions('cache.db', ['']);
    await removeCacheFiles(dir.file('cache.db'));
    await removeCacheFiles(dir.file('cache.db'));
    expect(await listDir(dir.path)).toEqual([]);
  });

  it('moveCacheAside renames every companion to <file>.bad-<UTC yyyyMMddHHmmss>, keeping contents', async () => {
    await writeCompanions('cache.db', ['', '-wal', '.keycheck']);
    const aside = await moveCacheAside(dir.file('cache.db'), new Date('2026-03-04T05:06:07.890Z'));

    expect(aside).toBe(dir.file('cache.db.bad-20260304050607'));
    expect(await listDir(dir.path)).toEqual(['cache.db.bad-20260304050607', 'cache.db.bad-20260304050607-wal', 'cache.db.bad-20260304050607.keycheck']);
    expect(await readFile(`${aside}-wal`, 'utf8')).toBe('content of -wal');
  });

  it('moveCacheAside twice in one second keeps both sets', async () => {
    const now = new Date('2026-03-04T05:06:07Z');
    await writeCompanions('cache.db', ['', '.keycheck']);
    const first = await moveCacheAside(dir.file('cache.db'), now);
    await writeCompanions('cache.db', ['']);
    const second = await moveCacheAside(dir.file('cache.db'), now);

    expect(second).not.toBe(first);
    expect(second).toBe(`${first}-2`);
    expect(await listDir(dir.path)).toEqual(['cache.db.bad-20260304050607', 'cache.db.bad-20260304050607-2', 'cache.db.bad-20260304050607.keycheck']);
  });
});
