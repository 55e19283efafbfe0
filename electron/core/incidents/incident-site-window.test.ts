import { describe, expect, it } from 'vitest';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import type { SiteRestriction } from './incident-filters.ts';
import { SITE_MERGE_BUDGET, SITE_MERGE_ROW_BUDGET, siteMergedWindow } from './incident-site-window.ts';
import { incidentSort } from './incident-windows.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { THREE_SITE_FLEET } from './test-support/incident-queries.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';

// The merged read of a few sites' index entries against the plain query of the same conditions, on a
// real SQLCipher file: 3,000 incidents, a third per site, 10 minutes apart.
const folder = useCacheFolder();
const ROWS = 3_000;

async function filledRaw() {
  const keyHex = generateCacheKeyHex();
  const cache = await folder.open(keyHex);
  await cache.replaceFleet(THREE_SITE_FLEET);
  const rows = Array.from({ length: ROWS }, (_, index) => incident(index, { createdAt: new Date(Date.parse(FIXTURE_NOW) - (ROWS - index) * 600_000).toISOString() }));
  await cache.writeIncidents({ rows, bulk: true, now: FIXTURE_NOW });
  await cache.close();
  return openIncidentRaw(folder.dir.file('cache.db'), keyHex);
}

const restriction = (siteIds: string[], check = '1', where: string[] = [], params: unknown[] = []): SiteRestriction => ({ siteIds, where, params, check: check === '1' ? null : { sql: check, params: [] }, rowColumns: [] });

describe('the merged read of a few sites', () => {
  it('lists what the plain query lists, both ways, from the top and after a row, with field conditions in the entries', async () => {
    const raw = await filledRaw();
    const cases = [
      { sites: ['site-0'], check: '1', where: [] as string[], params: [] as unknown[] },
      { sites: ['site-0', 'site-2'], check: 'c.check_type IN (\'backup\', \'patching\')', where: [], params: [] },
      { sites: ['site-1', 'site-2'], check: 'EXISTS (SELECT 1 FROM incident_controls k WHERE k.control = \'164.312(b)\' AND k.incident_rowid = c.rowid)', where: ['i.level = ?', 'i.resolved = ?'], params: ['L3', 1] },
    ];
    for (const { sites, check, where, params } of cases) {
      for (const direction of ['desc', 'asc'] as const) {
        const sort = incidentSort('createdAt', direction);
        const plain = raw
          .prepare<unknown[], { rowid: number; created_at: string }>(
            `SELECT c.rowid AS rowid, c.created_at AS created_at FROM (SELECT i.rowid AS rowid, i.created_at, i.check_type, i.site_id FROM incidents i WHERE i.site_id IN (${sites.map(() => '?').join(', ')})${where.map((condition) => ` AND ${condition}`).join('')}) c WHERE ${check} ORDER BY c.created_at ${sort.direction}, c.rowid ${sort.direction}`,
          )
          .all(...sites, ...params);
        const label = `${sites.join('+')} ${check} ${direction}`;
        expect(plain.length, label).toBeGreaterThan(100);
        expect(siteMergedWindow(raw, restriction(sites, check, where, params), sort, null, 50), label).toEqual(plain.slice(0, 51).map((row) => row.rowid));
        const at = plain[40]!;
        expect(siteMergedWindow(raw, restriction(sites, check, where, params), sort, [at.created_at, at.rowid], 20), `${label} after`).toEqual(plain.slice(41, 62).map((row) => row.rowid));
      }
    }
    raw.close();
  });

  it('gives up once the budget of entries holds too few matches and more follow; near the end it knows it has them all', async () => {
    const raw = await filledRaw();
    const sort = incidentSort('createdAt', 'desc');
    // Two sites hold 2,000 entries: the first SITE_MERGE_BUDGET of them hold ~20 rows whose rowid divides by 50.
    const sparse = restriction(['site-0', 'site-1'], 'c.rowid % 50 = 0');
    expect(SITE_MERGE_BUDGET).toBeLessThan(2_000);
    expect(siteMergedWindow(raw, sparse, sort, null, 50)).toBeNull();
    // After the newest 1,900 of those entries, 100 are left: all are checked, and the few matches are the answer.
    const entries = raw.prepare<[], { rowid: number; created_at: string }>(`SELECT rowid, created_at FROM incidents WHERE site_id IN ('site-0', 'site-1') ORDER BY created_at DESC, rowid DESC`).all();
    const at = entries[1_899]!;
    const expected = entries.slice(1_900).filter((row) => row.rowid % 50 === 0).map((row) => row.rowid);
    expect(expected.length).toBeGreaterThan(0);
    expect(siteMergedWindow(raw, sparse, sort, [at.created_at, at.rowid], 50)).toEqual(expected);

    // A check that reads each entry's row gives up sooner: 500 entries of one site hold 50 matches, one short of a page.
    const onRows = { ...restriction(['site-2'], 'c.severity_rank >= 0 AND c.rowid % 10 = 0'), rowColumns: ['severity_rank', 'severity'] };
    const siteEntries = raw.prepare<[], { rowid: number }>(`SELECT rowid FROM incidents WHERE site_id = 'site-2' ORDER BY created_at DESC, rowid DESC`).all();
    expect(siteEntries.slice(0, SITE_MERGE_ROW_BUDGET).filter((row) => row.rowid % 10 === 0).length).toBeLessThan(51);
    expect(siteMergedWindow(raw, onRows, sort, null, 50)).toBeNull();
    expect(siteMergedWindow(raw, onRows, sort, null, 10)).toEqual(siteEntries.filter((row) => row.rowid % 10 === 0).slice(0, 11).map((row) => row.rowid));
    raw.close();
  });
});
