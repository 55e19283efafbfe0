import { describe, expect, it } from 'vitest';
import { INCIDENT_COUNT_CAP, IncidentQuerySchema, type IncidentQuery } from '#shared/incidents/index.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { FTS_CANDIDATE_CAP } from './incident-filters.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { allIds } from './test-support/incident-queries.ts';

// A search term that matches more incidents than the candidate cap takes another plan (walk the sort's
// index, check each row against the search: here its control rows); in a real SQLCipher file through the worker.
const folder = useCacheFolder();
const ROWS = 2 * FTS_CANDIDATE_CAP + 1_000; // every even row carries 164.312(b): more matches than the cap
const query = (input: Partial<IncidentQuery>): IncidentQuery => IncidentQuerySchema.parse(input);


describe('incident cache: a very common search term', () => {
  it('pages exactly what the control filter finds, in every sort, with the total marked as a lower bound', async () => {
    const cache = await folder.open();
    await cache.writeIncidents({ rows: Array.from({ length: ROWS }, (_, index) => incident(index)), bulk: true, now: FIXTURE_NOW });
    for (const [sortBy, sortDir] of [['createdAt', 'desc'], ['severity', 'asc']] as const) {
      const viaSearch = await allIds(cache, { search: '164.312(b)', sortBy, sortDir });
      expect(viaSearch.length).toBeGreaterThan(FTS_CANDIDATE_CAP);
      expect(viaSearch).toEqual(await allIds(cache, { search: 'control:164.312(b)', sortBy, sortDir }));
    }
    expect(await allIds(cache, { search: '164.312(b) severity:critical' })).toEqual(await allIds(cache, { search: 'control:164.312(b) severity:critical' }));
    expect(await allIds(cache, { search: 'severity:critical -164.312(b)' })).toEqual([]);
    // A common term and a filter it never meets (no antivirus incident is open): empty, and counted exactly.
    expect(await cache.queryIncidents(query({ search: '164.312(b) antivirus is:open' }), FIXTURE_NOW)).toMatchObject({ rows: [], total: { count: 0, capped: false } });
    // Controls, alone or beside tallied filters, are counted from the control-list tallies: exactly,
    // however common (cache migration 11; see incident-control-search.test.ts).
    const carrying = Math.ceil(ROWS / 2);
    const critical = await cache.queryIncidents(query({ search: '164.312(b) severity:critical', limit: 50 }), FIXTURE_NOW);
    expect(critical.rows).toHaveLength(50);
    expect(critical.total).toEqual({ count: (await allIds(cache, { search: 'control:164.312(b) severity:critical' })).length, capped: false });
    const page = await cache.queryIncidents(query({ search: '164.312(b)' }), FIXTURE_NOW);
    expect(page.total).toEqual({ count: carrying, capped: false });
    const facets = await cache.incidentFacets(query({ search: '164.312(b)' }), FIXTURE_NOW);
    expect(facets.total).toEqual({ count: carrying, capped: false });
    expect(facets.facets.every((facet) => facet.exact)).toBe(true);
    expect(facets.facets.find((facet) => facet.dimension === 'control')!.values.find((value) => value.value === '164.312(b)')?.count).toBe(carrying);
    // Two controls an incident may carry both of: the union, exactly, as the pages list it.
    const either = await cache.incidentFacets(query({ search: '164.312(b) OR 164.308' }), FIXTURE_NOW);
    const eitherIds = await allIds(cache, { search: '164.312(b) OR 164.308' });
    expect(eitherIds.length).toBeGreaterThan(INCIDENT_COUNT_CAP);
    expect(either.total).toEqual({ count: eitherIds.length, capped: false });
    expect(either.facets.every((facet) => facet.exact)).toBe(true);
    // A selective term is still counted exactly.
    const rare = await cache.queryIncidents(query({ search: '164.312(b) site:site-1 severity:critical backup' }), FIXTURE_NOW);
    expect(rare.total).toEqual({ count: (await allIds(cache, { search: 'control:164.312(b) site:site-1 severity:critical check:backup' })).length, capped: false });
  }, 300_000);
});
