import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { FACET_DIMENSIONS, FACET_TOP_VALUES, IncidentQuerySchema, type FacetDimension } from '#shared/incidents/index.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { fleet, site, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { MAX_CONTROL_LISTS } from './control-lists.ts';
import { buildIncidentFilter, matchConditions } from './incident-filters.ts';
import { syncIncidents } from './incident-sync.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// A search naming HIPAA controls — one or several, beside tallied conditions — is counted from the
// control-list tallies, not by reading its matches: central-sim over real HTTPS into a real SQLCipher
// file, every answer compared with the matching rows counted one by one.
const sim = useSimIncidents({ incidents: 900, sites: 6 });
const folder = useCacheFolder();

/** What each facet dimension groups the matching rows by, for the reference counts. */
const REFERENCE_GROUPS: Record<FacetDimension, { value: string; join: string }> = {
  severity: { value: 'i.severity', join: '' },
  level: { value: 'i.level', join: '' },
  status: { value: "CASE i.resolved WHEN 1 THEN 'resolved' ELSE 'open' END", join: '' },
  checkType: { value: 'i.check_type', join: '' },
  site: { value: 'i.site_id', join: '' },
  org: { value: 's.org_id', join: 'JOIN sites s ON s.site_id = i.site_id AND s.org_id IS NOT NULL' },
  control: { value: 'c.control', join: 'JOIN incident_controls c ON c.incident_rowid = i.rowid' },
};

function referenceFacet(raw: Database.Database, where: string[], params: unknown[], dimension: FacetDimension) {
  const { value, join } = REFERENCE_GROUPS[dimension];
  return raw
    .prepare(`SELECT ${value} AS value, count(*) AS count FROM incidents i ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY 1 ORDER BY 2 DESC, 1 COLLATE NOCASE LIMIT ?`)
    .all(...params, FACET_TOP_VALUES);
}

/** The search's total and every facet, from the cache, against the matching rows counted; `exact` says what the cache must claim. */
async function expectCountedLikeRows(cache: CacheClient, raw: Database.Database, search: string, now: number, exact: boolean) {
  const { where, params } = matchConditions(buildIncidentFilter(raw, search, now));
  const count = raw.prepare(`SELECT count(*) FROM incidents i ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).pluck().get(...params) as number;
  expect(count, `${search} matches some incidents`).toBeGreaterThan(0);
  const query = IncidentQuerySchema.parse({ search, limit: 5 });
  const iso = new Date(now).toISOString();
  expect((await cache.queryIncidents(query, iso)).total, search).toEqual({ count, capped: false });
  const facets = await cache.incidentFacets(query, iso);
  expect(facets.total, search).toEqual({ count, capped: false });
  for (const dimension of FACET_DIMENSIONS) {
    const facet = facets.facets.find((entry) => entry.dimension === dimension)!;
    expect(facet.exact, `${search} ${dimension}`).toBe(exact);
    expect(facet.values.map(({ value, count: n }) => ({ value, count: n })), `${search} ${dimension}`).toEqual(referenceFacet(raw, where, params, dimension));
  }
}

/** The search's chart over a year, from the cache, against the matching rows counted by day and tier. */
async function expectChartLikeRows(cache: CacheClient, raw: Database.Database, search: string, now: number) {
  const { where, params } = matchConditions(buildIncidentFilter(raw, search, now));
  const first = new Date(Math.floor(now / 86_400_000) * 86_400_000 - 364 * 86_400_000).toISOString();
  const tier = "CASE WHEN i.resolved <> 1 THEN 'unresolved' WHEN i.level = 'L1' THEN 'l1' WHEN i.level = 'L2' THEN 'l2' WHEN i.level = 'L3' THEN 'l3' ELSE 'other' END";
  const counted = raw
    .prepare(`SELECT substr(i.created_at, 1, 10) AS day, ${tier} AS tier, count(*) AS n FROM incidents i WHERE ${[...where, 'i.created_at >= ?'].join(' AND ')} GROUP BY 1, 2 ORDER BY 1, 2`)
    .all(...params, first) as { day: string; tier: string; n: number }[];
  const { days } = await cache.incidentHistogram({ search, days: 365 }, new Date(now).toISOString());
  const charted = days.flatMap((day) => (['l1', 'l2', 'l3', 'other', 'unresolved'] as const).filter((name) => day[name] > 0).map((name) => ({ day: day.day, tier: name, n: day[name] })));
  expect(charted.length, `${search} charts some days`).toBeGreaterThan(0);
  expect(charted, `${search} chart`).toEqual(counted);
}

describe('a search naming controls', () => {
  it('is counted exactly from the control-list tallies, one control or several, and counted over its matches when the cache holds too many lists', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    await syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 0 });
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    const siteIds = raw.prepare('SELECT site_id FROM incidents GROUP BY 1 ORDER BY count(*) DESC').pluck().all() as string[];
    await cache.replaceFleet(
      fleet({ sites: siteIds.map((siteId, index) => site(siteId, { clinicName: index === 0 ? 'Riverside Family Practice' : `Clinic ${index}`, orgId: `org-${index % 2}`, orgName: `Group ${index % 2}` })) }),
    );
    const now = Date.now();
    const controls = raw.prepare('SELECT control FROM incident_controls GROUP BY 1 ORDER BY count(*) DESC').pluck().all() as string[];
    // A control no other cached control's name starts with, and a check-type word.
    const control = controls.find((candidate) => !controls.some((other) => other !== candidate && other.toLowerCase().startsWith(candidate.toLowerCase())));
    expect(control, `one of ${controls.join(', ')} is no other's prefix`).toBeDefined();
    const checkType = raw.prepare('SELECT check_type FROM incidents GROUP BY 1 ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    const [checkWord] = checkType.split(/[^a-z]+/iu).filter((word) => word.length > 3);
    // Some incidents carry two of the controls `164.3` names: the union is not a sum of per-control counts.
    const carriesTwo = raw.prepare(`SELECT count(*) FROM incidents i WHERE (SELECT count(*) FROM incident_controls c WHERE c.incident_rowid = i.rowid AND c.control LIKE '164.3%') > 1`).pluck().get() as number;
    expect(carriesTwo, 'incidents carrying two controls of one search').toBeGreaterThan(0);

    const searches = [
      `"${control}"`,
      `control:${control}`,
      `control:${control} severity:high is:open`,
      `"${control}" ${checkWord}`,
      `"${control}" riverside`,
      `"${control}" -riverside`,
      `control:${control} site:${siteIds[1]}`,
      `control:${control} org:org-1 ${checkWord}`,
      // Several controls: a word naming many, alternatives, a prefix, two controls at once, one excluded.
      '164.3',
      '164.308 is:open',
      `"${controls[0]}" OR "${controls[1]}"`,
      'control:164.3*',
      `control:${controls[0]} ${controls[1]}`,
      `164.3 -"${controls[0]}"`,
      `${checkWord} -164.308`,
      '164.3 riverside level:L1',
    ];
    for (const search of searches) {
      expect(buildIncidentFilter(raw, search, now).tallyOnly, `${search} is tallied`).toBe(true);
      await expectCountedLikeRows(cache, raw, search, now, true);
    }
    // The chart, from the day tally by control list where no site is named, and counted from the rows otherwise.
    for (const search of searches) await expectChartLikeRows(cache, raw, search, now);
    // A host or age filter is not in any tally.
    for (const search of [`control:${control} host:ws-*`, `164.3 age:<1000d`]) expect(buildIncidentFilter(raw, search, now).tallyOnly, search).toBe(false);

    // A server sending a control list of its own with each incident: past MAX_CONTROL_LISTS lists the
    // search is counted over its matches (fewer than the cap here, so still exact), never wrongly.
    const insert = raw.prepare(
      `INSERT INTO incidents (id, site_id, check_type, severity, severity_rank, level, resolved, created_at, hipaa_controls, remediation_attempts, remediation_exhausted)
       VALUES (?, ?, 'backup_status', 'low', 3, 'L1', 0, ?, ?, 0, 0)`,
    );
    const controlRow = raw.prepare('INSERT INTO incident_controls (control, incident_rowid) VALUES (?, ?)');
    raw.transaction(() => {
      for (let n = 0; n < MAX_CONTROL_LISTS; n++) {
        const own = `164.316(b)(${n})`;
        const rowid = Number(insert.run(`listed-${n}`, siteIds[0], new Date(now - n * 1000).toISOString(), JSON.stringify([own, controls[0]])).lastInsertRowid);
        controlRow.run(own, rowid);
        controlRow.run(controls[0], rowid);
      }
    })();
    expect(buildIncidentFilter(raw, '164.3', now).tallyOnly, 'too many lists to name').toBe(false);
    await expectCountedLikeRows(cache, raw, `"${controls[1]}" is:open`, now, true);
    raw.close();
  });
});
