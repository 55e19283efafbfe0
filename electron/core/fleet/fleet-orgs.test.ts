import { describe, expect, it } from 'vitest';
import { FleetOrgsQuerySchema, FleetQuerySchema } from '#shared/fleet/index.ts';
import { fleet, site, useFilledCache } from '../cache/test-support/cache-fixtures.ts';

describe('client-org tree in the cache', () => {
  const filled = useFilledCache(
    fleet({
      sites: [
        site('s1', { orgId: 'o-b', orgName: 'birch health', liveStatus: 'online' }),
        site('s2', { orgId: 'o-a', orgName: 'Aspen Group', liveStatus: 'offline' }),
        site('s3', { orgId: 'o-b', orgName: 'birch health', liveStatus: 'online' }),
        site('s4', { orgId: 'o-b', orgName: 'birch health', liveStatus: 'stale' }),
        site('s5', { orgId: null, orgName: null, liveStatus: 'pending' }),
      ],
    }),
  );

  it('lists orgs by name (case-insensitive), the org-less sites last, with sites counted per status', async () => {
    const page = await filled.cache.fleetOrgs(FleetOrgsQuerySchema.parse({}));
    expect(page.rows).toEqual([
      { orgId: 'o-a', orgName: 'Aspen Group', siteCount: 1, statusCounts: { offline: 1 } },
      { orgId: 'o-b', orgName: 'birch health', siteCount: 3, statusCounts: { online: 2, stale: 1 } },
      { orgId: null, orgName: null, siteCount: 1, statusCounts: { pending: 1 } },
    ]);
    expect(page).toMatchObject({ offset: 0, total: { count: 3, capped: false }, nextWindow: null });
  });

  it('answers a window of the orgs, and a search of their names', async () => {
    const second = await filled.cache.fleetOrgs(FleetOrgsQuerySchema.parse({ limit: 1, window: { offset: 1 } }));
    expect(second.rows.map((org) => org.orgId)).toEqual(['o-b']);
    expect(second).toMatchObject({ offset: 1, total: { count: 3, capped: false }, nextWindow: { offset: 2 } });
    const searched = await filled.cache.fleetOrgs(FleetOrgsQuerySchema.parse({ search: 'BIRCH' }));
    expect(searched.rows).toEqual([{ orgId: 'o-b', orgName: 'birch health', siteCount: 3, statusCounts: { online: 2, stale: 1 } }]);
  });

  it('filters the fleet by org, and by "no org"', async () => {
    const ids = async (orgId: string | null) => (await filled.cache.queryFleet(FleetQuerySchema.parse({ filters: { orgId } }))).rows.map((row) => row.siteId);
    expect(await ids('o-b')).toEqual(['s1', 's3', 's4']);
    expect(await ids('')).toEqual(['s5']);
    expect(await ids(null)).toHaveLength(5);
    const filtered = await filled.cache.queryFleet(FleetQuerySchema.parse({ filters: { orgId: 'o-a' } }));
    expect(filtered.totalSites).toBe(5);
  });
});
