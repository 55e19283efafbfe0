import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { IncidentQuerySchema, parseSearchText } from '#shared/incidents/index.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { checkTypesMatching } from './check-type-terms.ts';
import { expandedExpression } from './fts-terms.ts';
import { buildIncidentFilter, matchConditions } from './incident-filters.ts';
import { whereClause } from './incident-rows.ts';
import { FIXTURE_NOW, incident, incidentDetail } from './test-support/incident-fixtures.ts';
import { THREE_SITE_FLEET } from './test-support/incident-queries.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';

// Text that occurs in check types only is counted from the tally. Against the plain answer — the
// full-text match set counted row by row on a raw connection — in a real SQLCipher file: totals,
// facets and the first page agree, an empty intersection answers from the tally, and a word that
// also occurs in a site name or a detail's drift text stays a full-text search.
const folder = useCacheFolder();
const ROWS = 600;
const query = (search: string) => IncidentQuerySchema.parse({ search, limit: 50 });

async function filled(keyHex: string): Promise<CacheClient> {
  const cache = await folder.open(keyHex);
  await cache.replaceFleet(THREE_SITE_FLEET);
  await cache.writeIncidents({ rows: Array.from({ length: ROWS }, (_, index) => incident(index)), bulk: true, now: FIXTURE_NOW });
  return cache;
}

function checkTypesOf(raw: Database.Database, search: string): string[] | null {
  return checkTypesMatching(raw, expandedExpression(raw, parseSearchText(search).groups)!);
}

/** The plain answer: every match of the canonical conditions (the full-text set included), newest first, and its severities. */
function plain(raw: Database.Database, search: string) {
  const { where, params } = matchConditions(buildIncidentFilter(raw, search, Date.parse(FIXTURE_NOW)));
  const ids = raw.prepare<unknown[], string>(`SELECT i.id FROM incidents i ${whereClause(where)} ORDER BY i.created_at DESC, i.rowid DESC`).pluck().all(...params);
  const severities = raw.prepare<unknown[], { value: string; count: number }>(`SELECT severity AS value, count(*) AS count FROM incidents i ${whereClause(where)} GROUP BY 1 ORDER BY 2 DESC, 1`).all(...params);
  return { ids, severities };
}

async function expectPlainAnswer(cache: CacheClient, raw: Database.Database, search: string) {
  const expected = plain(raw, search);
  const page = await cache.queryIncidents(query(search), FIXTURE_NOW);
  expect(page.total, `"${search}" total`).toEqual({ count: expected.ids.length, capped: false });
  expect(page.rows.map((row) => row.id), `"${search}" rows`).toEqual(expected.ids.slice(0, 50));
  const facets = await cache.incidentFacets(query(search), FIXTURE_NOW);
  expect(facets.total, `"${search}" facet total`).toEqual({ count: expected.ids.length, capped: false });
  const severity = facets.facets.find((facet) => facet.dimension === 'severity')!;
  expect(severity.exact, `"${search}" severity exact`).toBe(true);
  expect(severity.values.map(({ value, count }) => ({ value, count })), `"${search}" severity facet`).toEqual(expected.severities);
  return expected.ids.length;
}

describe('text found in check types only', () => {
  it('counts from the tally with the same answers as the full-text set, empty intersections included, and stays full text where the words occur elsewhere', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await filled(keyHex);
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);

    expect(checkTypesOf(raw, 'backup')).toEqual(['backup']);
    expect(checkTypesOf(raw, 'anti*')).toEqual(['antivirus']);
    expect(checkTypesOf(raw, 'patch backup')).toEqual([]);
    expect(checkTypesOf(raw, 'birch'), 'a clinic name').toBeNull();
    expect(checkTypesOf(raw, '164.312'), 'a HIPAA control').toBeNull();
    for (const search of ['backup', 'patch severity:high', 'anti*', 'firewall OR backup is:open', 'enc* level:L2', 'backup site:site-1', 'patch backup']) {
      await expectPlainAnswer(cache, raw, search);
    }
    expect(await expectPlainAnswer(cache, raw, 'patch backup'), 'no incident has two check types').toBe(0);

    // A detail whose drift text says "backup" on a firewall incident: the word is no longer check types only.
    await cache.writeIncidents({ rows: [], details: [incidentDetail(incident(3), 'ws-03', { note: 'backup job failed' })], now: FIXTURE_NOW });
    expect(checkTypesOf(raw, 'backup')).toBeNull();
    const withDrift = await expectPlainAnswer(cache, raw, 'backup');
    expect(withDrift, 'the firewall incident is found by its drift text').toBe(ROWS / 5 + 1);
    raw.close();
  });
});
