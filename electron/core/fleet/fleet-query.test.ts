import { describe, expect, it } from 'vitest';
import type { ChannelInput } from '#shared/ipc/contract.ts';
import { FLEET_SORT_KEYS, FleetQuerySchema } from '#shared/fleet/index.ts';
import { fleet, health, site, useFilledCache } from '../cache/test-support/cache-fixtures.ts';

describe('queryFleet', () => {
  const filled = useFilledCache(
    fleet({
      sites: [
        site('s-a', { clinicName: 'alpine Dental', orgName: 'Mountain Group', liveStatus: 'offline', applianceCount: 3, lastCheckin: '2026-01-03T00:00:00Z' }),
        site('s-b', { clinicName: 'Birch 100% Care', orgName: null, liveStatus: 'online', applianceCount: 1, lastCheckin: null }),
        site('s-c', { clinicName: 'Cedar_Clinic', orgName: 'mountain group', liveStatus: 'stale', applianceCount: 3, lastCheckin: '2026-01-01T00:00:00Z' }),
        site('s-d', { clinicName: 'CedarXClinic', orgName: 'Valley Org', liveStatus: 'online', applianceCount: 0, lastCheckin: '2026-01-02T00:00:00Z' }),
        site('s-e', { clinicName: 'Zahnärzte Ost', orgName: 'Back\\slash Org', liveStatus: 'decommissioned', applianceCount: 2, lastCheckin: '2026-01-04T00:00:00Z' }),
      ],
      health: [health('s-a', { healthOverall: 50 }), health('s-c', { healthOverall: 90 }), health('s-d', { healthOverall: 50 }), health('s-e', { healthOverall: null })],
    }),
  );

  async function ids(query: ChannelInput<'fleet:overview'>): Promise<string[]> {
    return (await filled.cache.queryFleet(FleetQuerySchema.parse(query))).rows.map((row) => row.siteId);
  }

  it('sorts clinic names case-insensitively, both ways', async () => {
    expect(await ids({ sortBy: 'clinicName' })).toEqual(['s-a', 's-b', 's-c', 's-d', 's-e']);
    expect(await ids({ sortBy: 'clinicName', sortDir: 'desc' })).toEqual(['s-e', 's-d', 's-c', 's-b', 's-a']);
  });

  it('puts missing values last in either direction, ties broken by site id', async () => {
    expect(await ids({ sortBy: 'healthOverall' })).toEqual(['s-a', 's-d', 's-c', 's-b', 's-e']);
    expect(await ids({ sortBy: 'healthOverall', sortDir: 'desc' })).toEqual(['s-c', 's-a', 's-d', 's-b', 's-e']);
    expect(await ids({ sortBy: 'lastCheckin' })).toEqual(['s-c', 's-d', 's-a', 's-e', 's-b']);
    expect(await ids({ sortBy: 'lastCheckin', sortDir: 'desc' })).toEqual(['s-e', 's-a', 's-d', 's-c', 's-b']);
    expect(await ids({ sortBy: 'orgName', sortDir: 'desc' })).toEqual(['s-d', 's-a', 's-c', 's-e', 's-b']);
  });

  it('sorts appliance counts numerically with the site id as tie-break', async () => {
    expect(await ids({ sortBy: 'applianceCount' })).toEqual(['s-d', 's-b', 's-e', 's-a', 's-c']);
    expect(await ids({ sortBy: 'applianceCount', sortDir: 'desc' })).toEqual(['s-a', 's-c', 's-e', 's-b', 's-d']);
  });

  it('sorts live status in the contract order, unknown statuses after known ones, ties by site id both ways', async () => {
    expect(await ids({ sortBy: 'liveStatus' })).toEqual(['s-b', 's-d', 's-c', 's-a', 's-e']);
    expect(await ids({ sortBy: 'liveStatus', sortDir: 'desc' })).toEqual(['s-e', 's-a', 's-c', 's-b', 's-d']);
  });

  it('sorts org names case-insensitively, ties by site id, no org last both ways', async () => {
    expect(await ids({ sortBy: 'orgName' })).toEqual(['s-e', 's-a', 's-c', 's-d', 's-b']);
    expect(await ids({ sortBy: 'orgName', sortDir: 'desc' })).toEqual(['s-d', 's-a', 's-c', 's-e', 's-b']);
  });

  it('every window of every sort, joined end to end, is the whole sorted list (filtered too)', async () => {
    for (const sortBy of FLEET_SORT_KEYS) {
      for (const sortDir of ['asc', 'desc'] as const) {
        for (const filters of [{}, { liveStatus: 'online' as const }]) {
          const whole = await ids({ sortBy, sortDir, filters });
          const windows: string[] = [];
          for (let offset = 0; offset < whole.length; offset += 2) windows.push(...(await ids({ sortBy, sortDir, filters, limit: 2, window: { offset } })));
          expect(windows, `${sortBy} ${sortDir} ${JSON.stringify(filters)}`).toEqual(whole);
        }
      }
    }
  });

  it('filters by live status and counts all sites before the filter', async () => {
    const overview = await filled.cache.queryFleet(FleetQuerySchema.parse({ filters: { liveStatus: 'online' } }));
    expect(overview.rows.map((row) => row.siteId)).toEqual(['s-b', 's-d']);
    expect(overview.totalSites).toBe(5);
    expect(overview.total).toEqual({ count: 2, capped: false });
  });

  it('answers one window of the sorted matches with their exact count and where the next window starts', async () => {
    const first = await filled.cache.queryFleet(FleetQuerySchema.parse({ limit: 2 }));
    expect(first.rows.map((row) => row.siteId)).toEqual(['s-a', 's-b']);
    expect(first).toMatchObject({ offset: 0, total: { count: 5, capped: false }, nextWindow: { offset: 2 }, totalSites: 5 });
    const last = await filled.cache.queryFleet(FleetQuerySchema.parse({ limit: 2, window: { offset: 4 } }));
    expect(last.rows.map((row) => row.siteId)).toEqual(['s-e']);
    expect(last).toMatchObject({ offset: 4, total: { count: 5, capped: false }, nextWindow: null });
    const sortedWindow = await filled.cache.queryFleet(FleetQuerySchema.parse({ sortBy: 'applianceCount', sortDir: 'desc', limit: 2, window: { offset: 1 } }));
    expect(sortedWindow.rows.map((row) => row.siteId)).toEqual(['s-c', 's-e']);
    const filteredWindow = await filled.cache.queryFleet(FleetQuerySchema.parse({ search: 'cedar', limit: 1, window: { offset: 1 } }));
    expect(filteredWindow.rows.map((row) => row.siteId)).toEqual(['s-d']);
    expect(filteredWindow.total.count).toBe(2);
  });

  it('answers past the end with no rows and the count, and refuses a cursor with a sentence', async () => {
    const past = await filled.cache.queryFleet(FleetQuerySchema.parse({ window: { offset: 50 } }));
    expect(past).toMatchObject({ rows: [], offset: 50, total: { count: 5, capped: false }, nextWindow: null });
    await expect(filled.cache.queryFleet(FleetQuerySchema.parse({ window: { cursor: 'abc' } }))).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'The site list is paged by row number, not by cursor.',
    });
  });

  it('refuses a window larger than the contract allows', () => {
    expect(FleetQuerySchema.safeParse({ limit: 501 }).success).toBe(false);
    expect(FleetQuerySchema.safeParse({ liveStatus: 'online' }).success, 'filters live under filters').toBe(false);
  });

  it('searches clinic name, org name and site id, ignoring case (also beyond ASCII)', async () => {
    expect(await ids({ search: 'MOUNTAIN' })).toEqual(['s-a', 's-c']);
    expect(await ids({ search: 's-d' })).toEqual(['s-d']);
    expect(await ids({ search: 'ZAHNÄRZTE' })).toEqual(['s-e']);
    expect(await ids({ search: '  alpine  ' })).toEqual(['s-a']);
    expect(await ids({ search: 'mountain', filters: { liveStatus: 'stale' } })).toEqual(['s-c']);
    expect(await ids({ search: 'nothing like this' })).toEqual([]);
  });

  it('treats LIKE metacharacters in a search literally', async () => {
    expect(await ids({ search: '%' })).toEqual(['s-b']);
    expect(await ids({ search: 'cedar_' })).toEqual(['s-c']);
    expect(await ids({ search: '_' })).toEqual(['s-c']);
    expect(await ids({ search: 'back\\' })).toEqual(['s-e']);
    expect(await ids({ search: '\\%' })).toEqual([]);
  });
});
