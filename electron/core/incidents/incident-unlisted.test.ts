import { describe, expect, it } from 'vitest';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';
import { SLICE_ENTRIES } from './incident-unlisted.ts';

// What the reconciliation confirms by detail: a slice's cached incidents its listing leaves out, within
// the stretch the listing covers. A real SQLCipher file through the real worker.
const folder = useCacheFolder();

describe('a slice\'s unlisted incidents', () => {
  it('are those of its site and state between the listing\'s newest and oldest cached rows, wherever those are cached', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    const rows = Array.from({ length: 90 }, (_, index) => incident(index));
    await cache.writeIncidents({ rows, now: FIXTURE_NOW });
    // site-0's resolved incidents, newest first (the fixture's times grow with the index).
    const slice = rows.filter((row) => row.siteId === 'site-0' && row.resolved).reverse().map((row) => row.id);
    expect(slice.length).toBeGreaterThan(20);
    const unlisted = (listedIds: string[], fromStart: boolean, toEnd: boolean) =>
      cache.incidentsUnlisted({ siteId: 'site-0', resolved: true, listedIds, fromStart, toEnd }).then((ids) => ids.sort());
    const sorted = (ids: string[]) => [...ids].sort();

    // A middle stretch of the slice with two rows left out: only those two, not the rows before or after it.
    const stretch = slice.slice(5, 15);
    const listed = stretch.filter((_, index) => index !== 3 && index !== 6);
    expect(await unlisted(listed, false, false)).toEqual(sorted([stretch[3]!, stretch[6]!]));
    // From the start: everything newer too; to the end: everything older too.
    expect(await unlisted(listed, true, false)).toEqual(sorted([...slice.slice(0, 5), stretch[3]!, stretch[6]!]));
    expect(await unlisted(listed, false, true)).toEqual(sorted([stretch[3]!, stretch[6]!, ...slice.slice(15)]));
    expect(await unlisted(listed, true, true)).toEqual(sorted(slice.filter((id) => !listed.includes(id))));
    // Ids are compared as the cache keeps them, whatever their case in the listing.
    expect(await unlisted(listed.map((id) => id.toUpperCase()), false, false)).toEqual(sorted([stretch[3]!, stretch[6]!]));

    // A listed row cached elsewhere (another site, or still open) still marks the stretch's edge.
    const newerElsewhere = rows.find((row) => row.siteId === 'site-1' && row.createdAt > rows.find((r) => r.id === slice[2])!.createdAt && row.createdAt < rows.find((r) => r.id === slice[1])!.createdAt)!;
    expect(await unlisted([newerElsewhere.id, ...listed], false, false)).toEqual(sorted([slice[2]!, slice[3]!, slice[4]!, stretch[3]!, stretch[6]!]));

    // Nothing listed is cached: with an edge unknown there is no stretch to compare; from start to end, the whole slice.
    expect(await unlisted(['no-such-incident'], false, true)).toEqual([]);
    expect(await unlisted(['no-such-incident'], true, false)).toEqual([]);
    expect(await unlisted([], true, true)).toEqual(sorted(slice));
    await cache.close();

    // The slice is read from the site index alone, not from its rows.
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    const plan = raw.prepare<[string, number], { detail: string }>(`EXPLAIN QUERY PLAN ${SLICE_ENTRIES}`).all('site-0', 1).map((row) => row.detail);
    expect(plan).toEqual(['SEARCH incidents USING COVERING INDEX incidents_by_site (site_id=?)']);
    raw.close();
  });
});
