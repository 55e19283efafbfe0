import { describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { FLEET_SYNCED_AT } from './cache-operations.ts';
import { fleet, site, useCacheFolder } from './test-support/cache-fixtures.ts';
import { openCacheReader } from './open-database.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';

const manySites = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => site(`${prefix}-${index}`));

// Reads are answered by a second worker on its own read-only connection: a long write transaction
// in the writer does not hold them up, and they see the last commit until the write commits.
describe('cache reads beside writes', () => {
  const folder = useCacheFolder();

  it('a read sent while a 100k-row write runs is answered before the write ends, from the last commit', async () => {
    const cache = await folder.open(generateCacheKeyHex());
    await cache.replaceFleet(fleet({ sites: manySites(3, 'before'), syncedAt: '2026-01-01T00:00:00Z' }));
    await cache.putDocument('site-view', 'before-1', '{"name":"site view"}', '2026-01-01T00:00:00Z');

    const settled: string[] = [];
    const writing = cache.replaceFleet(fleet({ sites: manySites(100_000, 'after'), syncedAt: '2026-02-01T00:00:00Z' })).then(() => settled.push('write'));
    const reading = Promise.all([cache.queryFleet(FleetQuerySchema.parse({})), cache.getMeta(FLEET_SYNCED_AT), cache.getDocument('site-view', 'before-1')]).then((answers) => {
      settled.push('read');
      return answers;
    });
    const [overview, syncedAt, document] = await reading;
    await writing;

    // Strictly in order on one connection, the read would come second and see the new fleet.
    expect(settled).toEqual(['read', 'write']);
    expect(overview.totalSites).toBe(3);
    expect(syncedAt).toBe('2026-01-01T00:00:00Z');
    expect(document?.json).toBe('{"name":"site view"}');
    // Once the write has committed, the next read sees it.
    expect((await cache.queryFleet(FleetQuerySchema.parse({ search: 'after-99999' }))).totalSites).toBe(100_000);
    expect(await cache.getMeta(FLEET_SYNCED_AT)).toBe('2026-02-01T00:00:00Z');
  }, 60_000);

  it('the reader cannot write, even if asked', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    await cache.setMeta('k', 'v');
    // The reader's connection, as the worker opens it.
    const reader = openCacheReader(folder.dir.file('cache.db'), keyHex);
    try {
      expect(() => reader.prepare(`UPDATE meta SET value = 'x' WHERE key = 'k'`).run()).toThrow(/readonly/i);
    } finally {
      reader.close();
    }
    expect(await cache.getMeta('k')).toBe('v');
  });

  it('a wrong key fails at the writer before any reader starts', async () => {
    const keyHex = generateCacheKeyHex();
    await (await folder.open(keyHex)).close();
    await expect(folder.open(generateCacheKeyHex())).rejects.toSatisfy((error) => isConsoleError(error, 'cache-wrong-key'));
  });
});
