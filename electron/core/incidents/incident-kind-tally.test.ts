import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { FACET_DIMENSIONS, IncidentQuerySchema } from '#shared/incidents/index.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { openRawConnection, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { buildIncidentFilter } from './incident-filters.ts';
import { INCIDENT_ROLL_UPS } from './incident-kind-tally-migration.ts';
import { syncIncidents } from './incident-sync.ts';
import { cachedItems } from './test-support/cached-incidents.ts';
import { dropIncidentRollUps } from './test-support/drop-incident-tables.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// The tallies without the site (what totals and facets of a filter without a site read) against the
// per-site tallies they sum: central-sim over real HTTPS into a real SQLCipher file, through a bulk
// first sync, per-row updates (resolutions, escalations, new incidents) and removals.
const sim = useSimIncidents({ incidents: 800, sites: 6 });
const folder = useCacheFolder();

const sync = (cache: CacheClient) => syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 0, writeBatchRows: 200 });

/** Each roll-up as it is, and as its per-site source sums to; rows at zero left out of both. */
function rollUps(raw: Database.Database) {
  return INCIDENT_ROLL_UPS.map(({ source, target, keys }) => {
    const list = Object.keys(keys).join(', ');
    return {
      target,
      kept: raw.prepare(`SELECT ${list}, n FROM ${target} WHERE n <> 0 ORDER BY ${list}`).all(),
      summed: raw.prepare(`SELECT ${list}, SUM(n) AS n FROM ${source} GROUP BY ${list} HAVING SUM(n) <> 0 ORDER BY ${list}`).all(),
    };
  });
}

function expectRollUpsExact(raw: Database.Database, when: string) {
  for (const { target, kept, summed } of rollUps(raw)) {
    expect(summed.length, `${target} ${when}: the source has rows`).toBeGreaterThan(0);
    expect(kept, `${target} ${when}`).toEqual(summed);
  }
}

describe('incident tallies without the site', () => {
  it('sum the per-site tallies exactly after a bulk first sync, per-row updates and removals, and are filled on open for a cache from before them', async () => {
    const keyHex = generateCacheKeyHex();
    const file = folder.dir.file('cache.db');
    const cache = await folder.open(keyHex);
    await sync(cache);
    const raw = openRawConnection(file, keyHex);
    expectRollUpsExact(raw, 'after the first sync');

    const open = (await sim.truth()).filter((row) => !row.resolved).map((row) => row.id);
    for (const id of open.slice(0, 6)) await sim.control('POST', `/control/incidents/${id}/resolve`);
    for (const id of open.slice(6, 10)) await sim.control('POST', `/control/incidents/${id}/escalate`);
    await sim.control('POST', '/control/incidents/open', { count: 25 });
    const changed = await sync(cache);
    expect(changed.updated, 'resolutions and escalations rewrote rows').toBeGreaterThan(0);
    expect(changed.inserted, 'new incidents were written one by one').toBeGreaterThan(0);
    expectRollUpsExact(raw, 'after updates');

    const removed = (await cachedItems(cache)).slice(0, 15).map((item) => item.id);
    await cache.writeIncidents({ rows: [], removeIds: removed, now: new Date().toISOString() });
    expectRollUpsExact(raw, 'after removals');
    const before = rollUps(raw);
    await cache.close();

    // As a console from before the roll-ups left the file: they are summed from the tallies on open.
    dropIncidentRollUps(raw);
    raw.close();
    await folder.open(keyHex);
    const reopened = openRawConnection(file, keyHex);
    expect(rollUps(reopened)).toEqual(before);
    reopened.close();
  });

  it('are what totals and facets read unless a site or org is filtered, and their answers are the rows counted', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    await sync(cache);
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    const now = Date.now();
    for (const [search, tally] of [
      ['', 'incident_kind_tally'], ['severity:critical is:open', 'incident_kind_tally'], ['level:L1 check:backup', 'incident_kind_tally'],
      ['site:site-1', 'incident_tally'], ['severity:high site:site-2', 'incident_tally'], ['org:org-1 is:resolved', 'incident_tally'],
    ] as const) {
      const filter = buildIncidentFilter(raw, search, now);
      expect(filter.tally, search).toBe(tally);
      expect(filter.controlTally, search).toBe(tally === 'incident_tally' ? 'incident_control_tally' : 'incident_control_kind_tally');
      const rows = raw.prepare(`SELECT count(*) AS n FROM incidents i ${filter.where.length ? `WHERE ${filter.where.join(' AND ')}` : ''}`).get(...filter.params) as { n: number };
      const query = IncidentQuerySchema.parse({ search, limit: 5 });
      expect((await cache.queryIncidents(query, new Date(now).toISOString())).total, search).toEqual({ count: rows.n, capped: false });
      const facets = await cache.incidentFacets(query, new Date(now).toISOString());
      expect(facets.total, search).toEqual({ count: rows.n, capped: false });
      // Every facet of a tallied filter is exact and sums to the total (each incident has one value per dimension but control).
      for (const dimension of FACET_DIMENSIONS.filter((name) => name !== 'control' && name !== 'site' && name !== 'org')) {
        const facet = facets.facets.find((entry) => entry.dimension === dimension)!;
        expect(facet.exact).toBe(true);
        if (!facet.more) expect(facet.values.reduce((sum, value) => sum + value.count, 0), `${search} ${dimension}`).toBe(rows.n);
      }
    }
    raw.close();
  });
});
