import { describe, expect, it } from 'vitest';
import { FACET_TOP_VALUES, IncidentQuerySchema, type IncidentFacetsResult, type IncidentQueryInput } from '#shared/incidents/index.ts';
import { FIRST_WINDOW, type PageWindow } from '#shared/paging/paged-query.ts';
import { openRawConnection, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { dropIncidentRollUps } from './test-support/drop-incident-tables.ts';
import { THREE_SITE_FLEET } from './test-support/incident-queries.ts';
import { ANCHOR_STRIDE } from './incident-windows.ts';
import { undoFleetSortIndexes } from '../fleet/test-support/undo-fleet-sort-indexes.ts';

// The incidents view's reads (windows, facets, chart) from a real SQLCipher file, through the real worker.
const folder = useCacheFolder();
const query = (input: IncidentQueryInput = {}) => IncidentQuerySchema.parse(input);
const DEPTH = 2 * ANCHOR_STRIDE + 700;
const minutesBefore = (minutes: number) => new Date(Date.parse(FIXTURE_NOW) - minutes * 60_000).toISOString();

async function filled(count: number, keyHex = generateCacheKeyHex()): Promise<CacheClient> {
  const cache = await folder.open(keyHex);
  await cache.replaceFleet(THREE_SITE_FLEET);
  // One incident every 7 minutes back from now: 2,700 of them span about 13 days.
  await cache.writeIncidents({ rows: Array.from({ length: count }, (_, index) => incident(index, { createdAt: minutesBefore((count - index) * 7) })), now: FIXTURE_NOW });
  return cache;
}

async function walk(cache: CacheClient, input: IncidentQueryInput): Promise<string[]> {
  const ids: string[] = [];
  let window: PageWindow | null = FIRST_WINDOW;
  do {
    const page = await cache.queryIncidents(query({ ...input, window, limit: 500 }), FIXTURE_NOW);
    expect(page.offset).toBe(ids.length);
    ids.push(...page.rows.map((row) => row.id));
    window = page.nextWindow;
  } while (window !== null);
  return ids;
}

const facetOf = (result: IncidentFacetsResult, dimension: string) => result.facets.find((facet) => facet.dimension === dimension)!;

describe('incident list windows', () => {
  it('answers an offset window at any depth with the rows a walk from the top finds there, in every sort', async () => {
    const cache = await filled(DEPTH);
    for (const [sortBy, search] of [['createdAt', ''], ['severity', ''], ['checkType', 'is:resolved'], ['siteId', 'site:site-1']] as const) {
      for (const sortDir of ['asc', 'desc'] as const) {
        const walked = await walk(cache, { sortBy, sortDir, search });
        // Jumps as a virtualizer makes them: deep first, then back, across and just past anchors.
        for (const offset of [walked.length - 3, 0, ANCHOR_STRIDE - 1, ANCHOR_STRIDE, ANCHOR_STRIDE + 1, 2 * ANCHOR_STRIDE + 5, 17]) {
          const page = await cache.queryIncidents(query({ sortBy, sortDir, search, window: { offset }, limit: 25 }), FIXTURE_NOW);
          expect(page.offset).toBe(offset);
          expect(page.rows.map((row) => row.id), `${sortBy} ${sortDir} "${search}" at ${offset}`).toEqual(walked.slice(offset, offset + 25));
        }
      }
    }
  });

  it('continues an offset window with its cursor, and says where the list ends', async () => {
    const cache = await filled(DEPTH);
    const walked = await walk(cache, {});
    const deep = await cache.queryIncidents(query({ window: { offset: DEPTH - 60 }, limit: 50 }), FIXTURE_NOW);
    expect(deep.nextWindow).toMatchObject({ cursor: expect.any(String) });
    const last = await cache.queryIncidents(query({ window: deep.nextWindow!, limit: 50 }), FIXTURE_NOW);
    expect(last.offset).toBe(DEPTH - 10);
    expect(last.rows.map((row) => row.id)).toEqual(walked.slice(DEPTH - 10));
    expect(last.nextWindow).toBeNull();
    const beyond = await cache.queryIncidents(query({ window: { offset: DEPTH + 5_000 } }), FIXTURE_NOW);
    expect(beyond).toMatchObject({ rows: [], offset: DEPTH + 5_000, nextWindow: null, total: { count: DEPTH, capped: false } });
  });

  it('sees rows written after it remembered where the windows start: an offset moves with the new rows', async () => {
    const cache = await filled(DEPTH);
    const before = await cache.queryIncidents(query({ window: { offset: 2 * ANCHOR_STRIDE } }), FIXTURE_NOW);
    const newer = Array.from({ length: 30 }, (_, index) => incident(DEPTH + index, { createdAt: minutesBefore(-1 - index) }));
    await cache.writeIncidents({ rows: newer, now: FIXTURE_NOW });
    const after = await cache.queryIncidents(query({ window: { offset: 2 * ANCHOR_STRIDE + 30 } }), FIXTURE_NOW);
    expect(after.rows.map((row) => row.id)).toEqual(before.rows.map((row) => row.id));
  });

  it('starts from the top, with a note, when a cursor came from another sort or search, or is not one', async () => {
    const cache = await filled(40);
    const first = await cache.queryIncidents(query({ limit: 5 }), FIXTURE_NOW);
    for (const other of [query({ limit: 5, sortBy: 'severity', window: first.nextWindow! }), query({ limit: 5, search: 'is:open', window: first.nextWindow! }), query({ window: { cursor: 'bm90LWEtY3Vyc29y' } })]) {
      const page = await cache.queryIncidents(other, FIXTURE_NOW);
      expect(page.offset).toBe(0);
      expect(page.notes).toEqual([expect.stringContaining('starts from the top')]);
    }
  });
});

describe('incident facets', () => {
  it('counts sites, orgs and controls with their labels, exactly from the tallies and the same way filtered', async () => {
    const cache = await filled(300);
    const all = await cache.incidentFacets(query(), FIXTURE_NOW);
    expect(facetOf(all, 'site').values).toEqual([
      { value: 'site-0', label: 'Alder Family Dental', count: 100 },
      { value: 'site-1', label: 'Birch Pediatrics', count: 100 },
      { value: 'site-2', label: 'Cedar Clinic', count: 100 },
    ]);
    expect(facetOf(all, 'org')).toEqual({
      dimension: 'org', exact: true, more: false,
      values: [{ value: 'org-valley', label: 'Valley Health', count: 200 }, { value: 'org-north', label: 'North Dental Group', count: 100 }],
    });
    expect(facetOf(all, 'control')).toEqual({
      dimension: 'control', exact: true, more: false,
      values: [
        { value: '164.308(a)(1)(ii)(D)', label: '164.308(a)(1)(ii)(D) Information system activity review', count: 150 },
        { value: '164.312(a)(1)', label: '164.312(a)(1) Access control', count: 150 },
        { value: '164.312(b)', label: '164.312(b) Audit controls', count: 150 },
      ],
    });
    // The facet's value is what its field filter takes: each narrows the list to exactly its count.
    for (const [field, dimension] of [['site', 'site'], ['org', 'org'], ['control', 'control']] as const) {
      for (const value of facetOf(all, dimension).values) {
        const page = await cache.queryIncidents(query({ search: `${field}:${value.value}` }), FIXTURE_NOW);
        expect(page.total, `${field}:${value.value}`).toEqual({ count: value.count, capped: false });
      }
    }
    const valley = await cache.incidentFacets(query({ search: 'org:org-valley' }), FIXTURE_NOW);
    expect(valley.total).toEqual({ count: 200, capped: false });
    expect(facetOf(valley, 'control').values.map((value) => value.count)).toEqual([100, 100, 100]);
    expect(facetOf(valley, 'site').values.map((value) => value.value)).toEqual(['site-1', 'site-2']);
    // Filtered by something the tally does not hold, the controls are counted from the matching rows.
    const recent = await cache.incidentFacets(query({ search: 'age:<1000d' }), FIXTURE_NOW);
    expect(facetOf(recent, 'control')).toEqual(facetOf(all, 'control'));
    expect(facetOf(recent, 'org')).toEqual(facetOf(all, 'org'));
  });

  it(`lists a facet's ${FACET_TOP_VALUES} largest values and says there are more`, async () => {
    const cache = await folder.open();
    const rows = Array.from({ length: 2 * FACET_TOP_VALUES }, (_, index) => incident(index, { siteId: `site-${String(index).padStart(3, '0')}`, hipaaControls: [`164.999(${index})`] }));
    await cache.writeIncidents({ rows: [...rows, incident(500, { siteId: 'site-000' })], now: FIXTURE_NOW });
    const facets = await cache.incidentFacets(query(), FIXTURE_NOW);
    const sites = facetOf(facets, 'site');
    expect(sites).toMatchObject({ exact: true, more: true });
    expect(sites.values).toHaveLength(FACET_TOP_VALUES);
    // A site the fleet list has not brought is labelled with its id; an unknown control as it came.
    expect(sites.values[0]).toEqual({ value: 'site-000', label: 'site-000', count: 2 });
    expect(facetOf(facets, 'control').values).toContainEqual({ value: '164.999(1)', label: '164.999(1)', count: 1 });
  });
});

describe('incident histogram', () => {
  const spread = (count: number) =>
    Array.from({ length: count }, (_, index) => incident(index, { createdAt: minutesBefore(index * 97), resolvedAt: index % 5 === 0 ? null : minutesBefore(index * 97 - 5) }));
  const sum = (days: { l1: number; l2: number; l3: number; other: number; unresolved: number }[]) => days.reduce((total, day) => total + day.l1 + day.l2 + day.l3 + day.other + day.unresolved, 0);

  it('counts each UTC day of the range by the tier that resolved it, from the tally and from the rows alike', async () => {
    const cache = await folder.open();
    await cache.writeIncidents({ rows: spread(600), now: FIXTURE_NOW });
    const chart = await cache.incidentHistogram({ search: '', days: 30 }, FIXTURE_NOW);
    expect(chart.days).toHaveLength(30);
    expect(chart.days[29]!.day).toBe(FIXTURE_NOW.slice(0, 10));
    expect(chart.days[0]!.day).toBe('2026-11-01');
    // 600 incidents 97 minutes apart go back 40 days: the chart holds those of its 30 days.
    const inRange = spread(600).filter((row) => row.createdAt >= '2026-11-01').length;
    expect(sum(chart.days)).toBe(inRange);
    const today = chart.days[29]!;
    const expected = { l1: 0, l2: 0, l3: 0, other: 0, unresolved: 0 };
    for (const row of spread(600).filter((candidate) => candidate.createdAt.startsWith(FIXTURE_NOW.slice(0, 10)))) {
      const tier = !row.resolved ? 'unresolved' : row.level === 'none' ? 'other' : (row.level.toLowerCase() as 'l1' | 'l2' | 'l3');
      expected[tier] += 1;
    }
    expect(today).toEqual({ day: FIXTURE_NOW.slice(0, 10), ...expected });
    // `age:` is not tallied: that chart is counted from the rows, and must agree with the tally's.
    expect((await cache.incidentHistogram({ search: 'age:<1000d', days: 30 }, FIXTURE_NOW)).days).toEqual(chart.days);
    const critical = await cache.incidentHistogram({ search: 'severity:critical', days: 30 }, FIXTURE_NOW);
    expect(critical.days).toEqual((await cache.incidentHistogram({ search: 'severity:critical age:<1000d', days: 30 }, FIXTURE_NOW)).days);
    expect(sum(critical.days)).toBe(spread(600).filter((row) => row.createdAt >= '2026-11-01' && row.severity === 'critical').length);
  });

  it('keeps the day and control tallies right through updates and purges, and fills them for a cache from before they existed', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    await cache.writeIncidents({ rows: spread(600), now: FIXTURE_NOW });
    // Resolve some, move one to another day, change controls, then purge what the retention drops.
    await cache.writeIncidents({ rows: [incident(0, { createdAt: minutesBefore(3000), resolved: true, level: 'L2', hipaaControls: ['164.312(d)'] }), ...spread(40).filter((_, index) => index % 5 === 0 && index > 0).map((row) => ({ ...row, resolved: true, level: 'L3' }))], now: FIXTURE_NOW });
    await cache.setIncidentSettings({ retentionDays: 35, detailDays: 7 }, FIXTURE_NOW);
    const fromTally = await cache.incidentHistogram({ search: '', days: 365 }, FIXTURE_NOW);
    expect(fromTally.days).toEqual((await cache.incidentHistogram({ search: 'age:<1000d', days: 365 }, FIXTURE_NOW)).days);
    const controls = facetOf(await cache.incidentFacets(query(), FIXTURE_NOW), 'control');
    // The control day tally (a chart of one control) against the same chart counted from the rows.
    const controlChart = (await cache.incidentHistogram({ search: 'control:164.312(d)', days: 365 }, FIXTURE_NOW)).days;
    expect(controlChart).toEqual((await cache.incidentHistogram({ search: 'control:164.312(d) age:<1000d', days: 365 }, FIXTURE_NOW)).days);
    for (const control of ['164.312(b)', '164.308(a)(1)(ii)(D)']) {
      expect((await cache.incidentHistogram({ search: `control:${control}`, days: 365 }, FIXTURE_NOW)).days).toEqual((await cache.incidentHistogram({ search: `control:${control} age:<1000d`, days: 365 }, FIXTURE_NOW)).days);
    }
    expect(controls).toEqual(facetOf(await cache.incidentFacets(query({ search: 'age:<1000d' }), FIXTURE_NOW), 'control'));
    expect(controls.values).toContainEqual(expect.objectContaining({ value: '164.312(d)', count: 1 }));
    // Filtered by tallied dimensions, the control tally answers; the same filter plus `age:` counts rows.
    for (const search of ['is:resolved level:L3', 'severity:critical site:site-1', 'org:org-valley is:open']) {
      const tallied = await cache.incidentFacets(query({ search }), FIXTURE_NOW);
      expect(facetOf(tallied, 'control'), search).toEqual(facetOf(await cache.incidentFacets(query({ search: `${search} age:<1000d` }), FIXTURE_NOW), 'control'));
    }
    await cache.close();

    // As a console from before the tallies left the file: they are built from the cached rows on open.
    const raw = openRawConnection(folder.dir.file('cache.db'), keyHex);
    dropIncidentRollUps(raw);
    raw.exec('DROP TABLE incident_control_tally; DELETE FROM schema_migrations WHERE version >= 4');
    undoFleetSortIndexes(raw);
    raw.close();
    const reopened = await folder.open(keyHex);
    expect((await reopened.incidentHistogram({ search: '', days: 365 }, FIXTURE_NOW)).days).toEqual(fromTally.days);
    expect(facetOf(await reopened.incidentFacets(query(), FIXTURE_NOW), 'control')).toEqual(controls);
    expect((await reopened.incidentHistogram({ search: 'control:164.312(d)', days: 365 }, FIXTURE_NOW)).days).toEqual(controlChart);
  });
});
