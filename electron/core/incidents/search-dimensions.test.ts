import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { ftsExpression, IncidentQuerySchema, parseSearchText } from '#shared/incidents/index.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { fleet, site, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { buildIncidentFilter, matchConditions } from './incident-filters.ts';
import { whereClause } from './incident-rows.ts';
import { dimensionSearch, dimensionSet, type DimensionValues } from './search-dimensions.ts';
import { inTextColumns, siteToken } from './incident-fts-sites.ts';
import { FIXTURE_NOW, incident, incidentDetail } from './test-support/incident-fixtures.ts';
import { THREE_SITE_FLEET } from './test-support/incident-queries.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';

// Search text answered as conditions on check types, clinic names and controls, and a match of the
// full-text index of cached details. Against the plain answer — the canonical conditions counted row by
// row on a raw connection — in a real SQLCipher file: totals, facets and the first page agree; and the
// rowid sets equal those of a reference full-text index of every incident's five fields.
const folder = useCacheFolder();
const ROWS = 600;
const query = (search: string) => IncidentQuerySchema.parse({ search, limit: 50 });

async function filled(keyHex: string): Promise<CacheClient> {
  const cache = await folder.open(keyHex);
  await cache.replaceFleet(THREE_SITE_FLEET);
  await cache.writeIncidents({ rows: Array.from({ length: ROWS }, (_, index) => incident(index)), bulk: true, now: FIXTURE_NOW });
  return cache;
}

function rowidOf(raw: Database.Database, id: string): number {
  return raw.prepare<[string], number>('SELECT rowid FROM incidents WHERE id = ?').pluck().get(id)!;
}

/** The first group's values, or null when the search stays full text. */
function valuesOf(raw: Database.Database, search: string): DimensionValues | null {
  const found = dimensionSearch(raw, parseSearchText(search));
  return found === null ? null : (found.groups[0] ?? null);
}

function matchingRowids(raw: Database.Database, search: string): number[] {
  const { where, params } = matchConditions(buildIncidentFilter(raw, search, Date.parse(FIXTURE_NOW)));
  return raw.prepare<unknown[], number>(`SELECT i.rowid FROM incidents i ${whereClause(where)} ORDER BY i.rowid`).pluck().all(...params);
}

/**
 * The reference: an FTS5 index of every incident's check type, current clinic name (or site id),
 * controls, hostname and drift text, as the full-text index held them all before, and the text's
 * groups and excluded terms matched there. Text only (no field filters).
 */
function referenceRowids(raw: Database.Database, search: string): number[] {
  raw.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.reference_fts USING fts5(check_type, site_name, controls, hostname, drift, tokenize = 'unicode61 remove_diacritics 2')`);
  raw.exec(`DELETE FROM temp.reference_fts;
    INSERT INTO temp.reference_fts (rowid, check_type, site_name, controls, hostname, drift)
      SELECT i.rowid, i.check_type, COALESCE(s.clinic_name, i.site_id), (SELECT group_concat(c.value, ' ') FROM json_each(i.hipaa_controls) c), COALESCE(i.hostname, ''), COALESCE(d.search_text, '')
      FROM incidents i LEFT JOIN sites s ON s.site_id = i.site_id LEFT JOIN incident_details d ON d.incident_rowid = i.rowid`);
  const matching = (expression: string) => new Set(raw.prepare<[string], number>('SELECT rowid FROM temp.reference_fts WHERE reference_fts MATCH ?').pluck().all(expression));
  const parsed = parseSearchText(search);
  const all = raw.prepare<[], number>('SELECT rowid FROM incidents ORDER BY rowid').pluck().all();
  const included = parsed.groups.length === 0 ? new Set(all) : matching(ftsExpression(parsed.groups)!);
  const excluded = parsed.excluded.length === 0 ? new Set<number>() : matching(ftsExpression([parsed.excluded])!);
  return all.filter((rowid) => included.has(rowid) && !excluded.has(rowid));
}

/** The plain answer: every match of the canonical conditions, newest first, and its severities. */
function plain(raw: Database.Database, search: string) {
  const { where, params } = matchConditions(buildIncidentFilter(raw, search, Date.parse(FIXTURE_NOW)));
  const ids = raw.prepare<unknown[], string>(`SELECT i.id FROM incidents i ${whereClause(where)} ORDER BY i.created_at DESC, i.rowid DESC`).pluck().all(...params);
  const severities = raw.prepare<unknown[], { value: string; count: number }>(`SELECT severity AS value, count(*) AS count FROM incidents i ${whereClause(where)} GROUP BY 1 ORDER BY 2 DESC, 1`).all(...params);
  return { ids, severities };
}

/** Page, total and severity facet through the worker equal the plain answer, exact (every answer is below the cap). */
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

describe('search text as check types, clinic names and controls', () => {
  it('counts from the tally with the same answers as the plain plan, empty intersections included, and adds the detail match where the words occur in details', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await filled(keyHex);
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);

    expect(valuesOf(raw, 'backup')).toEqual({ checkTypes: ['backup'], siteIds: [], controls: [], details: [] });
    expect(valuesOf(raw, 'anti*')?.checkTypes).toEqual(['antivirus']);
    expect(valuesOf(raw, 'birch'), 'a clinic name').toEqual({ checkTypes: [], siteIds: ['site-1'], controls: [], details: [] });
    expect(valuesOf(raw, '164.312')?.controls.sort(), 'HIPAA controls').toEqual(['164.312(a)(1)', '164.312(b)']);
    expect(valuesOf(raw, '"d 164"'), 'a phrase matches within one control, not across two').toEqual({ checkTypes: [], siteIds: [], controls: [], details: [] });
    for (const search of ['backup', 'patch severity:high', 'anti*', 'firewall OR backup is:open', 'enc* level:L2', 'backup site:site-1', 'birch', 'alder backup', 'cedar OR patch -firewall', 'family is:open']) {
      await expectPlainAnswer(cache, raw, search);
    }
    expect(await expectPlainAnswer(cache, raw, 'patch backup'), 'no incident has two check types').toBe(0);
    expect(await expectPlainAnswer(cache, raw, 'birch cedar'), 'no incident has two sites').toBe(0);
    // A control is not in the check type and site tallies: counted (exact below the cap).
    expect(await expectPlainAnswer(cache, raw, '164.312(b) birch')).toBe(ROWS / 6);

    // A detail whose drift text says "backup" on a firewall incident: the word also means its detail text.
    await cache.writeIncidents({ rows: [], details: [incidentDetail(incident(3), 'ws-03', { note: 'backup job failed' })], now: FIXTURE_NOW });
    expect(valuesOf(raw, 'backup')).toMatchObject({ checkTypes: ['backup'], details: [inTextColumns('"backup"')] });
    const withDrift = await expectPlainAnswer(cache, raw, 'backup');
    expect(withDrift, 'the firewall incident is found by its drift text').toBe(ROWS / 5 + 1);
    // A group whose words no cached detail holds gets no full-text arm, beside one whose words a detail does.
    const [drift, clinic] = dimensionSearch(raw, parseSearchText('backup birch')).groups;
    expect(drift?.details).toEqual([inTextColumns('"backup"')]);
    expect(clinic).toEqual({ checkTypes: [], siteIds: ['site-1'], controls: [], details: [] });
    await expectPlainAnswer(cache, raw, 'backup birch');
    await expectPlainAnswer(cache, raw, 'job alder');
    raw.close();
  });

  it('finds the same rowids as a full-text index of every field for every kind of input', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    await cache.replaceFleet(fleet({ sites: [...THREE_SITE_FLEET.sites, site('site-3', { clinicName: "St. Mary's Cédar Eye-Care (North)" })] }));
    // Site 9 is not in the fleet list: its incidents are found by the site id.
    const rows = Array.from({ length: ROWS }, (_, index) => incident(index, { siteId: index % 7 === 0 ? 'site-9' : `site-${index % 4}` }));
    await cache.writeIncidents({ rows, bulk: true, now: FIXTURE_NOW });
    await cache.writeIncidents({ rows: [], details: [incidentDetail(rows[5]!, 'ws-05.clinic.local', { note: 'disk quota exceeded' })], now: FIXTURE_NOW });
    // More details, in every kind of site (site 0 is site-9, outside the fleet list; site 3 has diacritics), for the
    // groups a detail word folds into one full-text query with (a clinic's, a site id's).
    const detailed = [0, 3, 6, 7, 10, 13, 14, 21];
    await cache.writeIncidents({ rows: [], details: detailed.map((index) => incidentDetail(rows[index]!, `ws-${index}.clinic.local`, { note: index % 2 === 0 ? 'quota exceeded' : 'printer offline' })), now: FIXTURE_NOW });
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    const searches = [
      'backup', 'anti*', 'birch', '"birch pediatrics"', '"pediatrics birch"', 'birch OR cedar', 'cedar -patch', 'NOT birch', '-164.312', '-birch -backup',
      '164.312(b)', '164.308(a)(1)(ii)(D)', '164.312*', '"164.312" alder', '164.312(b) -firewall', 'a', '1', '1*', '*', 'site-9', 'site-9 firewall', 'site*',
      'fam*', 'family dental', 'dent*', 'patch NEAR birch', 'birch AND firewall', '(birch)', 'birch,cedar', "st. mary's", 'cedar eye-care', 'CÉDAR', 'cédar north',
      '"b 164"', '"312 b"', '"a 1 ii"', 'zzz', 'patch backup', 'birch cedar', 'patch OR zzz', 'zzz OR birch -birch', 'quota', 'birch OR quota', 'ws-05', '"disk quota" -patch', 'e*',
      'alder OR birch -backup', 'backup OR patch OR 164.312(b)', '"', '-quota', 'NOT ws-05 cedar',
      // Groups intersected when one matches detail text (an INTERSECT of the groups' sets).
      'quota birch', 'quota cedar', 'ws-05 alder OR birch', 'quota disk',
      // A detail word with clinics, site ids, both, and groups that stay out of the full-text query.
      'quota site-9', "quota st. mary's", 'cédar printer', 'printer OR quota alder OR cedar', 'quota birch OR quota', 'quota -birch alder OR cedar OR birch',
      'quota backup birch', 'printer 164.312 cedar', 'offline site*', 'quota printer', '"ws 6" alder OR cedar', 'quota birch -printer',
    ];
    for (const search of searches) expect(matchingRowids(raw, search), `"${search}"`).toEqual(referenceRowids(raw, search));
    // With field filters: the text's rows among the filter's.
    for (const [text, fields] of [['birch', 'severity:high'], ['164.312', 'site:site-2'], ['alder OR birch -backup', 'is:open'], ['quota OR cedar', 'level:L2']]) {
      const filtered = new Set(matchingRowids(raw, fields!));
      expect(matchingRowids(raw, `${fields!} ${text!}`), `"${fields!} ${text!}"`).toEqual(referenceRowids(raw, text!).filter((rowid) => filtered.has(rowid)));
    }
    // Not vacuous: the full-text index is read only for the searches with words in the detail.
    const readsIndex = (search: string) => matchConditions(buildIncidentFilter(raw, search, Date.parse(FIXTURE_NOW))).where.some((condition) => condition.includes('incident_fts'));
    expect(searches.filter(readsIndex)).toEqual([
      '1', '1*', 'quota', 'birch OR quota', 'ws-05', '"disk quota" -patch', 'e*', '-quota', 'NOT ws-05 cedar', 'quota birch', 'quota cedar', 'ws-05 alder OR birch', 'quota disk',
      'quota site-9', "quota st. mary's", 'cédar printer', 'printer OR quota alder OR cedar', 'quota birch OR quota', 'quota -birch alder OR cedar OR birch', 'quota backup birch',
      'printer 164.312 cedar', 'offline site*', 'quota printer', '"ws 6" alder OR cedar', 'quota birch -printer',
    ]);
    // A detail word and a clinic are one full-text query: its site column, no INTERSECT with the site index.
    const folded = dimensionSet(dimensionSearch(raw, parseSearchText('quota birch')).groups)!;
    expect(folded.sql).not.toContain('INTERSECT');
    expect(folded.params).toEqual([expect.stringContaining(`site : (${siteToken('site-1')})`)]);
    // An incident that moves to another site is found under the new one.
    const moved = rows[6]!;
    expect(matchingRowids(raw, 'quota cedar')).toContain(rowidOf(raw, moved.id));
    await cache.writeIncidents({ rows: [{ ...moved, siteId: 'site-1' }], now: FIXTURE_NOW });
    expect(matchingRowids(raw, 'quota cedar')).not.toContain(rowidOf(raw, moved.id));
    expect(matchingRowids(raw, 'quota birch')).toContain(rowidOf(raw, moved.id));
    for (const search of ['quota cedar', 'quota birch', 'quota birch OR cedar']) expect(matchingRowids(raw, search), `"${search}" after the move`).toEqual(referenceRowids(raw, search));
    // The one difference from the old index: a phrase no longer runs from one control into the next.
    expect(referenceRowids(raw, '"d 164"').length).toBeGreaterThan(0);
    expect(matchingRowids(raw, '"d 164"')).toEqual([]);
    expect(matchingRowids(raw, 'birch').length).toBeGreaterThan(0);
    raw.close();
    await cache.close();
  });

  it('finds a renamed site by its new name, and no longer by the old one', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await filled(keyHex);
    expect((await cache.queryIncidents(query('birch'), FIXTURE_NOW)).total).toEqual({ count: ROWS / 3, capped: false });
    await cache.replaceFleet(fleet({ sites: THREE_SITE_FLEET.sites.map((entry) => (entry.siteId === 'site-1' ? { ...entry, clinicName: 'Juniper Pediatrics' } : entry)) }));
    const renamed = await cache.queryIncidents(query('juniper'), FIXTURE_NOW);
    expect(renamed.total).toEqual({ count: ROWS / 3, capped: false });
    expect(new Set(renamed.rows.map((row) => row.siteId))).toEqual(new Set(['site-1']));
    expect((await cache.queryIncidents(query('birch'), FIXTURE_NOW)).total).toEqual({ count: 0, capped: false });
    // The word in a cached detail too (the full-text index joins in): still the new name, and the detail.
    await cache.writeIncidents({ rows: [], details: [incidentDetail(incident(0), 'ws-00', { note: 'juniper share offline' })], now: FIXTURE_NOW });
    expect((await cache.queryIncidents(query('juniper'), FIXTURE_NOW)).total).toEqual({ count: ROWS / 3 + 1, capped: false });
    expect((await cache.queryIncidents(query('birch OR share'), FIXTURE_NOW)).total).toEqual({ count: 1, capped: false });
    await cache.close();
  });

  it('reads a clinic with check types from the site index\'s entries alone: no row, no check-type index', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await filled(keyHex);
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    const set = dimensionSet(dimensionSearch(raw, parseSearchText('alder backup')).groups)!;
    const plan = raw.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${set.sql}`).all(...set.params).map((step) => step.detail);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH incidents USING COVERING INDEX incidents_by_site \(site_id=\?\)$/u)]);
    expect(raw.prepare<unknown[], number>(set.sql).pluck().all(...set.params).sort((a, b) => a - b)).toEqual(referenceRowids(raw, 'alder backup'));
    raw.close();
    await cache.close();
  });
});
