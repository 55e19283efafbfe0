import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { describe, expect, it } from 'vitest';
import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import { openCache } from './cache-client.ts';
import { SAMPLE_STATS, fleet, health, site, useCacheFolder } from './test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';

describe('cache client', () => {
  const folder = useCacheFolder();
  const open = (keyHex: string, file?: string) => folder.open(keyHex, file);

  it('round-trips the fleet, HTTP validators and meta, and keeps them across a reopen', async () => {
    const keyHex = generateCacheKeyHex();
    const first = await open(keyHex);
    await first.replaceFleet(
      fleet({
        sites: [site('s1', { clinicName: 'Sunrise Dental', applianceCount: 2 }), site('s2', { orgId: null, orgName: null, tier: null, lastCheckin: null })],
        health: [health('s1', { onlineCount: 2, healthOverall: 71.5, healthStatus: 'warning', incidents24h: 3 })],
        stats: SAMPLE_STATS,
        httpCache: [{ url: 'https://cc.example.com/api/sites?limit=100&offset=0', etag: 'W/"abc"', body: '[{"site_id":"s1"}]' }],
        syncedAt: '2026-02-01T10:00:00Z',
      }),
    );
    await first.setMeta('last_user', 'u-1');
    await first.close();

    const second = await open(keyHex);
    const overview = await second.queryFleet(FleetQuerySchema.parse({}));
    expect(overview).toEqual({
      offset: 0,
      total: { count: 2, capped: false },
      nextWindow: null,
      rows: [
        {
          siteId: 's2', clinicName: 'Clinic s2', orgId: null, orgName: null, liveStatus: 'online', tier: null, applianceCount: 1,
          onlineCount: null, healthOverall: null, healthStatus: null, incidents24h: null, lastCheckin: null,
        },
        {
          siteId: 's1', clinicName: 'Sunrise Dental', orgId: 'org-1', orgName: 'North Dental Group', liveStatus: 'online', tier: 'standard',
          applianceCount: 2, onlineCount: 2, healthOverall: 71.5, healthStatus: 'warning', incidents24h: 3, lastCheckin: '2026-01-01T00:00:00Z',
        },
      ],
      totalSites: 2,
      stats: SAMPLE_STATS,
      syncedAt: '2026-02-01T10:00:00Z',
    });
    expect(await second.getMeta('last_user')).toBe('u-1');
    expect(await second.getMeta('fleet_synced_at')).toBe('2026-02-01T10:00:00Z');
    expect(await second.getMeta('missing')).toBeNull();

    const cached = await second.getHttpCache(['https://cc.example.com/api/sites?limit=100&offset=0', 'https://cc.example.com/api/other']);
    expect(cached).toEqual(new Map([['https://cc.example.com/api/sites?limit=100&offset=0', { etag: 'W/"abc"', body: '[{"site_id":"s1"}]' }]]));
  });

  it('a second replaceFleet replaces sites, health and stats but only upserts the HTTP rows it is given', async () => {
    const cache = await open(generateCacheKeyHex());
    await cache.replaceFleet(
      fleet({
        sites: [site('old')],
        health: [health('old')],
        stats: SAMPLE_STATS,
        httpCache: [
          { url: 'https://a/1', etag: '"1"', body: 'one' },
          { url: 'https://a/2', etag: '"2"', body: 'two' },
        ],
      }),
    );
    await cache.replaceFleet(fleet({ sites: [site('new')], httpCache: [{ url: 'https://a/2', etag: null, body: 'two again' }], syncedAt: '2026-01-02T00:00:00Z' }));

    const overview = await cache.queryFleet(FleetQuerySchema.parse({}));
    expect(overview.rows.map((row) => [row.siteId, row.onlineCount])).toEqual([['new', null]]);
    expect(overview.stats).toBeNull();
    expect(overview.syncedAt).toBe('2026-01-02T00:00:00Z');
    expect(await cache.getHttpCache(['https://a/1', 'https://a/2'])).toEqual(
      new Map([
        ['https://a/1', { etag: '"1"', body: 'one' }],
        ['https://a/2', { etag: null, body: 'two again' }],
      ]),
    );
  });

  it('a failing replaceFleet leaves the previous contents intact and says why, as a ConsoleError', async () => {
    const cache = await open(generateCacheKeyHex());
    const before = fleet({ sites: [site('keep')], health: [health('keep')], stats: SAMPLE_STATS, syncedAt: '2026-01-01T00:00:00Z' });
    await cache.replaceFleet(before);
    const snapshot = await cache.queryFleet(FleetQuerySchema.parse({}));

    const failing = cache.replaceFleet(
      fleet({ sites: [site('dup'), site('dup')], httpCache: [{ url: 'https://a/x', etag: null, body: 'x' }], syncedAt: '2026-09-09T00:00:00Z' }),
    );
    await expect(failing).rejects.toBeInstanceOf(ConsoleError);
    await expect(failing).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('UNIQUE constraint failed: sites.site_id') });

    expect(await cache.queryFleet(FleetQuerySchema.parse({}))).toEqual(snapshot);
    expect(await cache.getHttpCache(['https://a/x'])).toEqual(new Map());
  });

  it('an invalid query comes back as invalid-input', async () => {
    const cache = await open(generateCacheKeyHex());
    const query = { sortBy: 'clinic_name; DROP TABLE sites', sortDir: 'asc', liveStatus: null, search: '', orgId: null } as never;
    await expect(cache.queryFleet(query)).rejects.toSatisfy((error) => isConsoleError(error, 'invalid-input'));
  });

  it('answers calls queued before close, then refuses new ones', async () => {
    const cache = await open(generateCacheKeyHex());
    await cache.setMeta('k', 'v');
    // Reads see the last commit (they run beside writes), so a write is awaited before it is read back.
    const queued = cache.setMeta('k2', 'v2');
    const read = cache.getMeta('k');
    await cache.close();
    await expect(queued).resolves.toBeUndefined();
    await expect(read).resolves.toBe('v');
    await expect(cache.getMeta('k')).rejects.toSatisfy((error) => isConsoleError(error, 'invalid-state'));
    await expect(cache.close()).resolves.toBeUndefined();
  });

  it('rejects pending and later calls with a ConsoleError when the worker dies', async () => {
    const cache = await openCache({
      file: folder.dir.file('unused.db'),
      keyHex: generateCacheKeyHex(),
      workerUrl: new URL('./test-support/exits-on-first-call-worker.ts', import.meta.url),
    });
    const pending = cache.getMeta('anything');
    await expect(pending).rejects.toBeInstanceOf(ConsoleError);
    await expect(pending).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/stopped unexpectedly.*code 7/) });
    await expect(cache.getMeta('again')).rejects.toMatchObject({ code: 'internal' });
    await expect(cache.close()).resolves.toBeUndefined();
  });

  it('rejects opening when the worker cannot start', async () => {
    const opening = openCache({ file: folder.dir.file('x.db'), keyHex: generateCacheKeyHex(), workerUrl: new URL('./test-support/no-such-worker.ts', import.meta.url) });
    await expect(opening).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('stopped unexpectedly') });
  });
});
