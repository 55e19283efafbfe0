import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { open as openFile, readFile, rm, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '#shared/errors.ts';
import type { ErrorCode } from '#shared/errors.ts';
import { openCache, type CacheClient } from './cache-client.ts';
import { INTEGRITY_CHECKED_AT } from './cache-integrity.ts';
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

  /** Opens with a recorder of onDamaged; the caller closes. */
  async function openWatched(keyHex: string, now?: () => Date): Promise<{ cache: CacheClient; damage: ConsoleError[] }> {
    const damage: ConsoleError[] = [];
    const cache = await openCache({ file, keyHex, onDamaged: (error) => damage.push(error), ...(now ? { now } : {}) });
    return { cache, damage };
  }

  /** A new cache counts as checked when it is created: a day later, the check after an open is due. */
  const aDayLater = () => new Date(Date.now() + 25 * 3600_000);

  async function damageTheMiddle(): Promise<void> {
    const { size } = await stat(file);
    expect(size).toBeGreaterThan(100 * 4096);
    await overwrite(Math.floor(size / 2 / 4096) * 4096 + 200, 64);
  }

  it('damage in the middle of the file: the open returns, the check after it finds the damage and reports it as cache-corrupt', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    await damageTheMiddle();

    const checkedAt = aDayLater();
    const { cache, damage } = await openWatched(keyHex, () => checkedAt);
    try {
      const verdict = await cache.integrityCheck;
      expect(verdict).toMatchObject({ kind: 'damaged', error: { code: 'cache-corrupt', message: expect.stringMatching(/^The local cache is damaged \(integrity check of sites: .+\)\.$/) } });
      expect(damage).toHaveLength(1);
      expect(damage[0]).toBe((verdict as { error: ConsoleError }).error);
      // Still the creation's record: the next open checks again.
      expect(await cache.getMeta(INTEGRITY_CHECKED_AT)).not.toBe(checkedAt.toISOString());
      expect(Date.parse((await cache.getMeta(INTEGRITY_CHECKED_AT))!)).toBeLessThan(checkedAt.getTime() - 24 * 3600_000);
    } finally {
      await cache.close();
    }
  });

  it('a new cache counts as checked; a sound cache a day later: the check records when it found it sound, is not run again within a day, and runs again after one', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    const justCreated = await openWatched(keyHex);
    expect((await justCreated.cache.integrityCheck).kind).toBe('not-due');
    await justCreated.cache.close();
    const monday = aDayLater();

    const first = await openWatched(keyHex, () => monday);
    expect(await first.cache.integrityCheck).toEqual({ kind: 'clean', checkedAt: monday.toISOString() });
    await first.cache.close();

    const sameDay = await openWatched(keyHex, () => new Date(monday.getTime() + 23 * 3600_000));
    expect(await sameDay.cache.integrityCheck).toEqual({ kind: 'not-due', lastCheckedAt: monday.toISOString() });
    await sameDay.cache.close();

    await damageTheMiddle();
    const nextDay = await openWatched(keyHex, () => new Date(monday.getTime() + 24 * 3600_000));
    expect(await nextDay.cache.integrityCheck).toMatchObject({ kind: 'damaged', error: { code: 'cache-corrupt' } });
    expect(nextDay.damage).toHaveLength(1);
    await nextDay.cache.close();
  });

  it('a read that meets a damaged page between checks fails as cache-corrupt and reports the damage, once', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    const checkedAt = aDayLater();
    const sound = await openWatched(keyHex, () => checkedAt);
    expect((await sound.cache.integrityCheck).kind).toBe('clean');
    await sound.cache.close();
    await damageTheMiddle();

    const { cache, damage } = await openWatched(keyHex, () => new Date(checkedAt.getTime() + 3600_000));
    try {
      expect((await cache.integrityCheck).kind).toBe('not-due');
      expect(damage).toEqual([]);
      const everySite = FleetQuerySchema.parse({ limit: 500 });
      await expect(cache.queryFleet(everySite)).rejects.toMatchObject({ code: 'cache-corrupt', message: expect.stringMatching(/^The local cache is damaged/) });
      await expect(cache.queryFleet(everySite)).rejects.toMatchObject({ code: 'cache-corrupt' });
      expect(damage).toHaveLength(1);
      expect(damage[0]).toMatchObject({ code: 'cache-corrupt' });
    } finally {
      await cache.close();
    }
  });

  it('damage at the start of the file is cache-corrupt, not a wrong key', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    await overwrite(0, 64);

    await expectOpenFails(keyHex, 'cache-corrupt', /damaged/);
  });

  it('damage in the middle without the key check sidecar is still found as cache-corrupt, never as a wrong key', async () => {
    const keyHex = generateCacheKeyHex();
    await createFilledCache(keyHex);
    await rm(keyCheckPath(file));
    await damageTheMiddle();

    const { cache, damage } = await openWatched(keyHex, aDayLater);
    try {
      expect(await cache.integrityCheck).toMatchObject({ kind: 'damaged', error: { code: 'cache-corrupt' } });
      expect(damage.map((error) => error.code)).toEqual(['cache-corrupt']);
    } finally {
      await cache.close();
    }
  });

  it('a different key is refused at open even when the file is also damaged deep inside', async () => {
    await createFilledCache(generateCacheKeyHex());
    await damageTheMiddle();
    await expectOpenFails(generateCacheKeyHex(), 'cache-wrong-key', /different key/);
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
