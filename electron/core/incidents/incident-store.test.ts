import { describe, expect, it } from 'vitest';
import { IncidentQuerySchema, type IncidentQuery } from '#shared/incidents/index.ts';
import { FIRST_WINDOW, type PageWindow } from '#shared/paging/paged-query.ts';
import { useCacheFolder, site, fleet } from '../cache/test-support/cache-fixtures.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { FIXTURE_NOW, incident, incidentDetail } from './test-support/incident-fixtures.ts';

// The incident cache in a real SQLCipher file, through the real worker.
const folder = useCacheFolder();
const query = (input: Partial<IncidentQuery> = {}): IncidentQuery => IncidentQuerySchema.parse(input);

async function filled(count: number): Promise<CacheClient> {
  const cache = await folder.open();
  await cache.replaceFleet(fleet({ sites: [site('site-0', { clinicName: 'Alder Family Dental', orgName: 'North Dental Group' }), site('site-1', { clinicName: 'Birch Pediatrics', orgName: 'Valley Health' }), site('site-2', { clinicName: 'Cedar Clinic', orgName: 'Valley Health' })] }));
  await cache.writeIncidents({ rows: Array.from({ length: count }, (_, index) => incident(index)), now: FIXTURE_NOW });
  return cache;
}

async function allIds(cache: CacheClient, input: Partial<IncidentQuery>): Promise<string[]> {
  const ids: string[] = [];
  let window: PageWindow | null = FIRST_WINDOW;
  do {
    const page = await cache.queryIncidents(query({ ...input, window }), FIXTURE_NOW);
    ids.push(...page.rows.map((row) => row.id));
    window = page.nextWindow;
  } while (window !== null);
  return ids;
}

describe('incident cache: paging', () => {
  it('windows through every row exactly once in each sort, with ties broken by time and row', async () => {
    const cache = await filled(230);
    for (const sortBy of ['createdAt', 'severity', 'checkType', 'siteId'] as const) {
      for (const sortDir of ['asc', 'desc'] as const) {
        const ids = await allIds(cache, { sortBy, sortDir, limit: 37 });
        expect(ids).toHaveLength(230);
        expect(new Set(ids).size).toBe(230);
      }
    }
    const newest = await cache.queryIncidents(query({ limit: 3 }), FIXTURE_NOW);
    expect(newest.rows.map((row) => row.id)).toEqual([incident(229).id, incident(228).id, incident(227).id]);
    expect(newest.total).toEqual({ count: 230, capped: false });
    expect(newest.rows[0]!.siteName).toBe('Birch Pediatrics');
  });

  it('a window from another sort starts from the top and says so', async () => {
    const cache = await filled(20);
    const first = await cache.queryIncidents(query({ limit: 5 }), FIXTURE_NOW);
    const other = await cache.queryIncidents(query({ limit: 5, sortBy: 'severity', window: first.nextWindow! }), FIXTURE_NOW);
    expect(other.notes).toEqual([expect.stringContaining('starts from the top')]);
    const garbage = await cache.queryIncidents(query({ window: { cursor: 'not-a-window' } }), FIXTURE_NOW);
    expect(garbage.rows).toHaveLength(20);
  });
});

describe('incident cache: writes', () => {
  it('rewrites nothing for identical rows and updates changed ones in place', async () => {
    const cache = await filled(10);
    const again = await cache.writeIncidents({ rows: Array.from({ length: 10 }, (_, index) => incident(index)), now: FIXTURE_NOW });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 10 });
    const changed = await cache.writeIncidents({ rows: [incident(0, { resolved: true, resolvedAt: FIXTURE_NOW, level: 'L3' })], now: FIXTURE_NOW });
    expect(changed).toMatchObject({ inserted: 0, updated: 1 });
    const open = await cache.queryIncidents(query({ search: 'is:open' }), FIXTURE_NOW);
    expect(open.rows.map((row) => row.id)).toEqual([incident(5).id]);
    expect(open.total).toEqual({ count: 1, capped: false });
  });

  it('purges incidents beyond the retention and keeps them purged when their pages are read again', async () => {
    const cache = await folder.open();
    const old = incident(1, { createdAt: '2026-01-01T00:00:00.000Z' });
    const recent = incident(2);
    await cache.writeIncidents({ rows: [old, recent], now: FIXTURE_NOW });
    const settings = await cache.setIncidentSettings({ retentionDays: 30, detailDays: 7 }, FIXTURE_NOW);
    expect(settings.purged).toBe(1);
    const reread = await cache.writeIncidents({ rows: [old, recent], now: FIXTURE_NOW });
    expect(reread).toMatchObject({ inserted: 0, beyondRetention: 1, unchanged: 1 });
    expect((await cache.queryIncidents(query(), FIXTURE_NOW)).rows.map((row) => row.id)).toEqual([recent.id]);
    expect(await cache.incidentSettings()).toEqual({ retentionDays: 30, detailDays: 7 });
  });

  it('removes an incident whose detail answered 404, with its detail and index entries', async () => {
    const cache = await filled(3);
    await cache.writeIncidents({ rows: [], details: [incidentDetail(incident(1), 'ws-gone', { note: 'zebrafinch' })], now: FIXTURE_NOW });
    expect((await cache.queryIncidents(query({ search: 'zebrafinch' }), FIXTURE_NOW)).rows).toHaveLength(1);
    expect(await cache.writeIncidents({ rows: [], removeIds: [incident(1).id], now: FIXTURE_NOW })).toMatchObject({ removed: 1 });
    expect((await cache.queryIncidents(query({ search: 'zebrafinch' }), FIXTURE_NOW)).rows).toHaveLength(0);
    expect(await cache.incidentDetail(incident(1).id)).toBeNull();
  });
});

describe('incident cache: field filters and facets', () => {
  it('maps each field filter onto the indexed columns', async () => {
    const cache = await filled(100);
    await cache.writeIncidents({ rows: [], details: [incidentDetail(incident(7), 'WS-07.clinic.local', { service: 'wuauserv' }), incidentDetail(incident(8), 'srv-08', {})], now: FIXTURE_NOW });
    const count = async (text: string) => (await cache.queryIncidents(query({ search: text, limit: 500 }), FIXTURE_NOW)).total.count;
    expect(await count('severity:critical')).toBe(25);
    expect(await count('severity:crit level:L1')).toBe(25);
    expect(await count('level:L3')).toBe(25);
    expect(await count('level:none')).toBe(25);
    expect(await count('is:open')).toBe(20);
    expect(await count('is:resolved')).toBe(80);
    expect(await count('check:patching')).toBe(20);
    expect(await count('check:PATCH*')).toBe(20);
    expect(await count('check:patching check:backup')).toBe(40);
    expect(await count('control:164.312(b)')).toBe(50);
    expect(await count('control:164.308*')).toBe(50);
    expect(await count('host:ws-*')).toBe(1);
    expect(await count('host:srv-08')).toBe(1);
    expect(await count('site:alder')).toBe(34);
    expect(await count('site:site-1')).toBe(33);
    expect(await count('org:valley')).toBe(66);
    // Incident i was reported 1000 - i minutes ago: the last 16 hours (960 minutes) hold i = 40..99.
    expect(await count('age:<16h')).toBe(60);
    expect(await count('age:>16h')).toBe(40);
    const understood = await cache.queryIncidents(query({ search: 'severity:critical is:open age:<7d patching' }), FIXTURE_NOW);
    expect(understood.filters).toEqual([{ field: 'severity', value: 'critical' }, { field: 'is', value: 'open' }, { field: 'age', value: '<7d' }]);
    expect(understood.searchTerms).toEqual(['patching*']);
  });

  it('counts facets exactly from the tally for indexed filters, and capped for text', async () => {
    const cache = await filled(100);
    const all = await cache.incidentFacets(query(), FIXTURE_NOW);
    expect(all.total).toEqual({ count: 100, capped: false });
    const severity = all.facets.find((facet) => facet.dimension === 'severity')!;
    const counted = (value: string, count: number) => ({ value, label: value, count });
    expect(severity).toEqual({ dimension: 'severity', exact: true, more: false, values: [counted('critical', 25), counted('high', 25), counted('low', 25), counted('medium', 25)] });
    const open = await cache.incidentFacets(query({ search: 'is:open' }), FIXTURE_NOW);
    expect(open.facets.find((facet) => facet.dimension === 'status')!.values).toEqual([counted('open', 20)]);
    const text = await cache.incidentFacets(query({ search: 'patching' }), FIXTURE_NOW);
    expect(text.facets.find((facet) => facet.dimension === 'checkType')).toEqual({ dimension: 'checkType', exact: true, more: false, values: [counted('patching', 20)] });
  });
});

describe('incident cache: search accepts anything typed', () => {
  const inputs = [
    '*', '**', '"', '""', '"unclosed', '(', ')', '()', '(((', 'a AND', 'OR', 'OR b', 'NOT', 'NOT NOT', 'NEAR', 'NEAR(a b)', 'a NEAR/3 b', '-', '--', '- -x',
    '164.312(b)', 'ws-01', "o'brien", 'a:b:c', 'site:', 'age:soon', 'severity:urgent', 'level:L9', 'is:maybe', '^a', '$', '{}', '[a]', '\\', '%_', 'a*b', '*a',
    'col:val', 'check_type:x', 'rowid', '\u0000', '\u202e', 'émoji 👩‍⚕️', 'AND OR NOT NEAR', 'a OR OR b', '"a" OR -"b"', 'x'.repeat(2000),
  ];
  it('answers every input without an error', async () => {
    const cache = await filled(30);
    await cache.writeIncidents({ rows: [], details: [incidentDetail(incident(3), 'ws-01', { user: "o'brien", path: 'C:\\Windows' })], now: FIXTURE_NOW });
    for (const text of inputs) {
      await expect(cache.queryIncidents(query({ search: text }), FIXTURE_NOW), text).resolves.toMatchObject({ total: expect.any(Object) });
      await expect(cache.incidentFacets(query({ search: text }), FIXTURE_NOW), text).resolves.toMatchObject({ facets: expect.any(Array) });
    }
  });

  it('matches words as prefixes, punctuation as separators, OR and exclusion', async () => {
    const cache = await filled(30);
    await cache.writeIncidents({ rows: [], details: [incidentDetail(incident(3), 'ws-01', { user: "o'brien", service: 'MsMpEng.exe' }), incidentDetail(incident(4), 'srv-02', { service: 'sshd' })], now: FIXTURE_NOW });
    const ids = async (text: string) => (await cache.queryIncidents(query({ search: text, limit: 500 }), FIXTURE_NOW)).rows.map((row) => row.id).sort();
    expect(await ids('ws-01')).toEqual([incident(3).id]);
    expect(await ids('"ws 01"')).toEqual([incident(3).id]);
    expect(await ids('msmp')).toEqual([incident(3).id]);
    expect(await ids('MsMpEng.exe')).toEqual([incident(3).id]);
    expect(await ids("o'brien")).toEqual([incident(3).id]);
    expect(await ids('msmpeng OR sshd')).toEqual([incident(3).id, incident(4).id].sort());
    expect(await ids('ws OR srv -sshd')).toEqual([incident(3).id]);
    expect(await ids('NOT sshd srv')).toEqual([]);
    expect((await ids('164.312(b)')).length).toBe(15);
    expect((await ids('alder')).length).toBe(10);
    expect(await ids('*')).toHaveLength(30);
    const coverage = await cache.queryIncidents(query(), FIXTURE_NOW);
    expect(coverage.coverage).toEqual({ detailsCached: 2, incidents: 30 });
  });
});
