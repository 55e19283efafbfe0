import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { IncidentQuerySchema, type IncidentQueryInput, type IncidentSortKey } from '#shared/incidents/index.ts';
import type { SortDirection } from '#shared/paging/paged-query.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { buildIncidentFilter, matchConditions } from './incident-filters.ts';
import { INCIDENT_INDEXES } from './incident-plan-migration.ts';
import { CURRENT_INCIDENT_INDEXES } from './incident-site-index-migration.ts';
import { whereClause } from './incident-rows.ts';
import { incidentSort } from './incident-windows.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { allIds, THREE_SITE_FLEET } from './test-support/incident-queries.ts';
import { dropIncidentRollUps } from './test-support/drop-incident-tables.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';

// The planned reads (the match set as a membership test while an index walks, the probe of a common
// term, positions before rows, tallies for the chart) against the plain plan: the same conditions in
// one statement, the full-text set driving, the whole result sorted. A real SQLCipher file through
// the worker on one side, a raw connection to the same file on the other.
const folder = useCacheFolder();
const ROWS = 3_000;
const query = (input: IncidentQueryInput = {}) => IncidentQuerySchema.parse(input);

async function filled(keyHex: string): Promise<CacheClient> {
  const cache = await folder.open(keyHex);
  await cache.replaceFleet(THREE_SITE_FLEET);
  // Spread over ~20 days, 10 minutes apart, so the chart has days to count.
  const rows = Array.from({ length: ROWS }, (_, index) => incident(index, { createdAt: new Date(Date.parse(FIXTURE_NOW) - (ROWS - index) * 600_000).toISOString() }));
  await cache.writeIncidents({ rows, bulk: true, now: FIXTURE_NOW });
  return cache;
}

function rawOf(keyHex: string): Database.Database {
  return openIncidentRaw(folder.dir.file('cache.db'), keyHex);
}

/** The plain plan: every match of the canonical conditions, sorted. */
function plainIds(raw: Database.Database, search: string, sortBy: IncidentSortKey, sortDir: SortDirection): string[] {
  const { where, params } = matchConditions(buildIncidentFilter(raw, search, Date.parse(FIXTURE_NOW)));
  const sort = incidentSort(sortBy, sortDir);
  return raw.prepare<unknown[], string>(`SELECT i.id FROM incidents i ${whereClause(where)} ORDER BY ${sort.order}`).pluck().all(...params);
}

function plainCounts(raw: Database.Database, search: string, column: string): Record<string, number> {
  const { where, params } = matchConditions(buildIncidentFilter(raw, search, Date.parse(FIXTURE_NOW)));
  const rows = raw.prepare<unknown[], { value: string; n: number }>(`SELECT ${column} AS value, count(*) AS n FROM incidents i ${whereClause(where)} GROUP BY 1`).all(...params);
  return Object.fromEntries(rows.map((row) => [String(row.value), row.n]));
}


// Rare and common terms, alone and with filters each plan drives; empty intersections (no antivirus
// incident is open, no backup one is critical); punctuation, prefixes, OR, exclusion, wildcards.
const SEARCHES = [
  'patch', 'backup site:site-1', 'backup site:site-1 is:resolved', 'antivirus is:open', 'backup severity:critical', 'firewall severity:low level:L1',
  '164.312(b)', '164.312(b) severity:high', '"164.312" org:valley', 'alder', 'birch -backup', 'patch OR firewall is:open', 'enc* level:L2',
  'patching, backup; (firewall)', 'zzz-no-such-word', 'control:164.312(b)', 'control:164.312* severity:medium', 'age:<3d backup', 'host:nothing patch',
  'site:site-2 severity:critical', 'is:resolved level:L1',
  // A few sites' index entries merged in time order (incident-site-window.ts), and where that does not apply.
  'alder 164.312(b)', 'birch level:L1 is:resolved', 'org:valley 164.312(b) -backup', 'birch OR cedar patch', 'alder age:<3d', 'site:site-2 check:backup*', 'cedar severity:high',
  'alder zzz-no-such-word', 'org:valley alder', 'cedar -cedar', 'alder severity:critical', 'org:valley 164.312(b) severity:low level:L3', 'birch severity:high -backup',
  // Other sorts, where one field leads or the sort's index is walked (incident-sort-walk.ts).
  'check:backup is:open', 'is:open level:L3 check:backup', 'is:open severity:low check:backup', 'severity:high check:encryption level:L2', 'site:site-1 level:L1 is:resolved',
  // …and where a text group naming only clinics or only check types is planned as that field.
  'alder OR birch is:open', 'backup OR patching level:L2', 'cedar backup severity:high', 'alder -backup is:resolved', 'age:<3d alder is:open', 'host:nothing birch',
];

describe('incident query plans', () => {
  it('list the same rows in every sort as the plain plan, with exact totals, including empty answers', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await filled(keyHex);
    const raw = rawOf(keyHex);
    for (const search of SEARCHES) {
      for (const [sortBy, sortDir] of [['createdAt', 'desc'], ['severity', 'asc'], ['siteId', 'desc']] as const) {
        const expected = plainIds(raw, search, sortBy, sortDir);
        expect(await allIds(cache, { search, sortBy, sortDir }), `"${search}" ${sortBy} ${sortDir}`).toEqual(expected);
        // Jumps into the list as a virtualizer makes them, past the first window's rows.
        for (const offset of [1_001, Math.max(0, expected.length - 3)]) {
          const page = await cache.queryIncidents(query({ search, sortBy, sortDir, window: { offset }, limit: 20 }), FIXTURE_NOW);
          expect(page.rows.map((row) => row.id), `"${search}" ${sortBy} at ${offset}`).toEqual(expected.slice(offset, offset + 20));
        }
      }
      const expected = plainIds(raw, search, 'createdAt', 'desc');
      const first = await cache.queryIncidents(query({ search, limit: 50 }), FIXTURE_NOW);
      expect(first.total, `"${search}" total`).toEqual({ count: expected.length, capped: false });
      // The list's own first page (50 rows: a page the merged read of a few sites answers even when it reads rows).
      expect(first.rows.map((row) => row.id), `"${search}" first page`).toEqual(expected.slice(0, 50));
    }
    expect(plainIds(raw, 'antivirus is:open', 'createdAt', 'desc')).toEqual([]);
    raw.close();
  });

  it('count facets and the chart as the plain plan does', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await filled(keyHex);
    const raw = rawOf(keyHex);
    for (const search of SEARCHES) {
      const facets = await cache.incidentFacets(query({ search }), FIXTURE_NOW);
      const severity = facets.facets.find((facet) => facet.dimension === 'severity')!;
      expect(Object.fromEntries(severity.values.map((value) => [value.value, value.count])), `"${search}" severity facet`).toEqual(plainCounts(raw, search, 'i.severity'));
      const days = plainCounts(raw, search, 'substr(i.created_at, 1, 10)');
      const chart = await cache.incidentHistogram({ search, days: 365 }, FIXTURE_NOW);
      const charted = Object.fromEntries(chart.days.map((day) => [day.day, day.l1 + day.l2 + day.l3 + day.other + day.unresolved] as const).filter(([, n]) => n > 0));
      expect(charted, `"${search}" chart`).toEqual(days);
    }
    raw.close();
  });
});

describe('incident query plans migration', () => {
  it('widens the indexes, keeps the chart of a control and compacts the search index of a cache from before it', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await filled(keyHex);
    const chart = await cache.incidentHistogram({ search: 'control:164.312(b)', days: 365 }, FIXTURE_NOW);
    const page = await cache.queryIncidents(query({ search: '164.312(b) is:resolved level:L1', window: { offset: 100 } }), FIXTURE_NOW);
    await cache.close();

    // As a console from before the migration left the file: narrow indexes, no control day tally.
    const raw = rawOf(keyHex);
    dropIncidentRollUps(raw);
    raw.exec('DELETE FROM schema_migrations WHERE version = 6');
    for (const [name, definition] of Object.entries(INCIDENT_INDEXES)) {
      const narrow = definition.replace(/, rowid.*\)$/u, ')');
      raw.exec(`DROP INDEX ${name}; CREATE INDEX ${name} ON ${narrow}`);
    }
    expect(raw.prepare('SELECT count(*) FROM pragma_index_info(?)').pluck().get('incidents_by_level')).toBe(2);
    raw.close();

    const reopened = await folder.open(keyHex);
    expect((await reopened.incidentHistogram({ search: 'control:164.312(b)', days: 365 }, FIXTURE_NOW)).days).toEqual(chart.days);
    expect((await reopened.queryIncidents(query({ search: '164.312(b) is:resolved level:L1', window: { offset: 100 } }), FIXTURE_NOW)).rows).toEqual(page.rows);
    await reopened.close();
    const check = rawOf(keyHex);
    for (const name of Object.keys(CURRENT_INCIDENT_INDEXES)) {
      const columns = check.prepare<[string], string>('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(name);
      expect(`incidents (${columns.join(', ')})`, name).toBe(CURRENT_INCIDENT_INDEXES[name]);
    }
    // The chart's tally since cache migration 12 (incident-day-tally-migration.ts), built from the rows.
    const tallied = check.prepare('SELECT day, controls, severity, level, resolved, check_type, n FROM incident_control_set_day_tally WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6').all();
    const counted = check
      .prepare('SELECT substr(created_at, 1, 10) AS day, hipaa_controls AS controls, severity, level, resolved, check_type, count(*) AS n FROM incidents GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6')
      .all();
    expect(tallied).toEqual(counted);
    check.close();
  });
});
