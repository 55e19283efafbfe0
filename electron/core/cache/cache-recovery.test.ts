import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { open as openFile, readFile, rm, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '#shared/errors.ts';
import type { ErrorCode } from '#shared/errors.ts';
import { openCache } from './cache-client.ts';
import { listDir, makeTempDir, openRawConnection, sha256OfFile, site, fleet } from './test-support/cache-fixtures.ts';
import type { TempDir } from './test-support/cache-fixtures.ts';
import { computeKeyCheck, keyCheckPath } from './key-check.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';

describe('opening a cache that cannot be used', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    file = dir.file('cache.db');
  });
  afterEach(async () => {
    await dir.remove();
  });

  /** A closed cache of many pages, so damage in the middle hits a page in use. */
  async function createFilledCache(keyHex: string): Promise<void> {
    const cache = await openCache({ file, keyHex });
    const sites = Array.from({ length: 300 }, (_, index) => site(`site-${index}`, { raw: JSON.stringify({ padding: 'x'.repeat(1000), index }) }));
    await cache.replaceFleet(fleet({ sites }));
    await cache.close();
  }

  async function expectOpenFails(keyHex: string, code: ErrorCode, message: RegExp): Promise<void> {
    const opening = openCache({ file, keyHex });
    await expect(opening).rejects.toBeInstanceOf(ConsoleError);
    await expect(opening).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  }

  async function overwrite(offset: number, length: number): Promise<void> {
    const handle = await openFile(file, 'r+');
    try {
      await handle.write(Buffer.alloc(length, 0x5a), 0, length, offset);
    } finally {
      await handle.close();
    }
  }

  async function siteCount(keyHex: string): Promise<number> {
    const cache = await openCache({ file, keyHex });
    try {
      return (await cache.queryFleet(FleetQuerySchema.parse({}))).totalSites;
    } finally {
      await cache.close();
    }
  }

  it('a different key is cache-wrong-key, and the file is left as it was', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    const before = await sha256OfFile(file);

    await expectOpenFails(generateCacheKeyHex(), 'cache-wrong-key', /different key/);

    expect(await sha256OfFile(file)).toBe(before);
    expect(await siteCount(keyHex)).toBe(300);
  });

  it('without the key check sidecar, a different key is still cache-wrong-key', async () => {
    await createFilledCache(generateCacheKeyHex());
    await rm(keyCheckPath(file));
    await expectOpenFails(generateCacheKeyHex(), 'cache-wrong-key', /different key/);
  });

  it('without the key check sidecar, the right key opens the cache and writes the sidecar again', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    await rm(keyCheckPath(file));

    expect(await siteCount(keyHex)).toBe(300);
    expect((await readFile(keyCheckPath(file), 'utf8')).trim()).toBe(computeKeyCheck(keyHex));
  });

  it('damage in the middle of the file is cache-corrupt', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    const { size } = await stat(file);
    expect(size).toBeGreaterThan(100 * 4096);
    await overwrite(Math.floor(size / 2 / 4096) * 4096 + 200, 64);

    await expectOpenFails(keyHex, 'cache-corrupt', /^The local cache is damaged \(.+\)\.$/);
  });

  it('damage at the start of the file is cache-corrupt, not a wrong key', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    await overwrite(0, 64);

    await expectOpenFails(keyHex, 'cache-corrupt', /damaged/);
  });

  it('damage in the middle is cache-corrupt even without the key check sidecar', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    await rm(keyCheckPath(file));
    const { size } = await stat(file);
    await overwrite(Math.floor(size / 2 / 4096) * 4096 + 200, 64);

    await expectOpenFails(keyHex, 'cache-corrupt', /damaged/);
  });

  it('a cache from a newer console is cache-newer-version, and nothing in its folder changes', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    const raw = openRawConnection(file, keyHex);
    raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(99, '2030-01-01T00:00:00Z');
    raw.close();
    const hashBefore = await sha256OfFile(file);
    const filesBefore = await listDir(dir.path);

    await expectOpenFails(keyHex, 'cache-newer-version', /^This cache was written by a newer Central Console\. Update the console; nothing was deleted\.$/);

    expect(await sha256OfFile(file)).toBe(hashBefore);
    expect(await listDir(dir.path)).toEqual(filesBefore);
  });

  it('a key that is not 64 hex digits is refused before any file is created', async () => {
    await expectOpenFails('not-a-key', 'invalid-input', /64 hex digits/);
    expect(await listDir(dir.path)).toEqual([]);
  });
});
