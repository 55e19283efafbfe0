import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { FACET_DIMENSIONS, FACET_TOP_VALUES, IncidentQuerySchema } from '#shared/incidents/index.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { fleet, openRawConnection, site, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { buildIncidentFilter } from './incident-filters.ts';
import { CURRENT_INCIDENT_ROLL_UPS } from './incident-control-set-tally-migration.ts';
import { compareTallies } from './test-support/tally-check.ts';
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

/** Every tally against its recount (test-support/tally-check.ts): each must have rows, and all must agree. */
function expectTalliesExact(raw: Database.Database, when: string) {
  for (const { table, kept, counted } of compareTallies(raw)) {
    expect(counted.length, `${table} ${when}: there are rows`).toBeGreaterThan(0);
    expect(kept, `${table} ${when}`).toEqual(counted);
  }
}

/** The roll-ups as kept, to compare before and after they are filled again. */
function rollUps(raw: Database.Database) {
  const targets = new Set(CURRENT_INCIDENT_ROLL_UPS.map((rollUp) => rollUp.target));
  return compareTallies(raw).filter((comparison) => targets.has(comparison.table)).map(({ table, kept }) => ({ table, kept }));
}

describe('incident tallies without the site', () => {
  it('sum the per-site tallies exactly after a bulk first sync, per-row updates and removals (the tallies by control list equal to the rows counted), and are filled on open for a cache from before them', async () => {
    const keyHex = generateCacheKeyHex();
    const file = folder.dir.file('cache.db');
    const cache = await folder.open(keyHex);
    await sync(cache);
    const raw = openRawConnection(file, keyHex);
    expectTalliesExact(raw, 'after the first sync');

    const open = (await sim.truth()).filter((row) => !row.resolved).map((row) => row.id);
    for (const id of open.slice(0, 6)) await sim.control('POST', `/control/incidents/${id}/resolve`);
    for (const id of open.slice(6, 10)) await sim.control('POST', `/control/incidents/${id}/escalate`);
    await sim.control('POST', '/control/incidents/open', { count: 25 });
    const changed = await sync(cache);
    expect(changed.updated, 'resolutions and escalations rewrote rows').toBeGreaterThan(0);
    expect(changed.inserted, 'new incidents were written one by one').toBeGreaterThan(0);
    expectTalliesExact(raw, 'after updates');

    const removed = (await cachedItems(cache)).slice(0, 15).map((item) => item.id);
    await cache.writeIncidents({ rows: [], removeIds: removed, now: new Date().toISOString() });
    expectTalliesExact(raw, 'after removals');
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
    // The fleet the org facet reads: the incidents' sites in two organizations, one site in none.
    const siteIds = raw.prepare('SELECT DISTINCT site_id FROM incidents ORDER BY 1').pluck().all() as string[];
    await cache.replaceFleet(fleet({ sites: siteIds.map((siteId, index) => site(siteId, index === 0 ? { orgId: null, orgName: null } : { orgId: `org-${index % 2}`, orgName: `Group ${index % 2}` })) }));
    const now = Date.now();
    const checkType = raw.prepare('SELECT check_type FROM incidents GROUP BY 1 ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    const [siteA, siteB] = raw.prepare('SELECT site_id FROM incidents GROUP BY 1 ORDER BY count(*) DESC LIMIT 2').pluck().all() as string[];
    const [checkWord] = checkType.split(/[^a-z]+/iu).filter((word) => word.length > 2);
    // [search, the tally of totals and facets, the tally of the site and org facets]
    for (const [search, tally, siteTally] of [
      ['', 'incident_kind_tally', 'incident_site_tally'],
      ['severity:critical is:open', 'incident_kind_tally', 'incident_site_tally'],
      [`check:${checkType}`, 'incident_kind_tally', 'incident_tally'],
      [`${checkWord} is:open`, 'incident_kind_tally', 'incident_tally'],
      [`site:${siteA}`, 'incident_tally', 'incident_site_tally'],
      [`is:open site:${siteB}`, 'incident_tally', 'incident_site_tally'],
      ['org:org-1 is:resolved', 'incident_tally', 'incident_site_tally'],
    ] as const) {
      const filter = buildIncidentFilter(raw, search, now);
      expect(filter.tallyOnly, search).toBe(true);
      expect(filter.tally, search).toBe(tally);
      expect(filter.controlListTally, search).toBe(tally === 'incident_tally' ? 'incident_control_set_tally' : 'incident_control_set_kind_tally');
      expect(filter.siteTally, search).toBe(siteTally);
      const matching = `FROM incidents i ${filter.where.length ? `WHERE ${filter.where.join(' AND ')}` : ''}`;
      const rows = raw.prepare(`SELECT count(*) AS n ${matching}`).get(...filter.params) as { n: number };
      expect(rows.n, `${search} matches some incidents`).toBeGreaterThan(0);
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
      // The site and org facets are the matching rows counted by site and by org.
      for (const [dimension, column, join] of [['site', 'i.site_id', ''], ['org', 's.org_id', 'JOIN sites s ON s.site_id = i.site_id AND s.org_id IS NOT NULL']] as const) {
        const counted = raw
          .prepare(`SELECT ${column} AS value, count(*) AS count FROM incidents i ${join} ${filter.where.length ? `WHERE ${filter.where.join(' AND ')}` : ''} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?`)
          .all(...filter.params, FACET_TOP_VALUES);
        const facet = facets.facets.find((entry) => entry.dimension === dimension)!;
        expect(facet.exact).toBe(true);
        expect(facet.values.map(({ value, count }) => ({ value, count })), `${search} ${dimension}`).toEqual(counted);
      }
    }
    raw.close();
  });
});
