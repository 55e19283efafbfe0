import { describe, expect, it } from 'vitest';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { buildIncidentFilter, talliedFields, type IncidentFilter } from './incident-filters.ts';
import { forSortWalk, type SortWalkTallies } from './incident-sort-walk.ts';
import { tallySum } from './incident-rows.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { THREE_SITE_FLEET } from './test-support/incident-queries.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';

// Which field conditions a page in another sort than time keeps off the indexes, from the real tally of
// a real SQLCipher file (3,000 incidents); `total` stands for a larger cache where a test says so.
const folder = useCacheFolder();

async function filledRaw() {
  const keyHex = generateCacheKeyHex();
  const cache = await folder.open(keyHex);
  await cache.replaceFleet(THREE_SITE_FLEET);
  await cache.writeIncidents({ rows: Array.from({ length: 3_000 }, (_, index) => incident(index)), bulk: true, now: FIXTURE_NOW });
  await cache.close();
  return openIncidentRaw(folder.dir.file('cache.db'), keyHex);
}

/** Counts measured in the 1M bench cache, by the columns the field filters test (in any order). */
function millionCounts(counts: Record<string, number>): SortWalkTallies {
  return {
    total: () => 1_000_000,
    tallied: (columns) => {
      const count = counts[[...columns].sort().join(' ')];
      if (count === undefined) throw new Error(`no count for ${[...columns].sort().join(' ')}`);
      return count;
    },
  };
}

describe('a page in another sort than time', () => {
  it('walks the sort’s index past common fields, lets a rare one lead, and costs the walk by the entries the index checks itself', async () => {
    const raw = await filledRaw();
    const filterOf = (search: string) => buildIncidentFilter(raw, search, Date.parse(FIXTURE_NOW));
    const fromFile = (filter: IncidentFilter, total = 3_000): SortWalkTallies => ({ total: () => total, tallied: (columns) => talliedFields(raw, filter, columns) });
    const walked = (search: string, sortBy: 'severity' | 'checkType' | 'siteId', tallies?: (filter: IncidentFilter) => SortWalkTallies) => {
      const filter = filterOf(search);
      return forSortWalk(filter, sortBy, 50, tallies?.(filter) ?? fromFile(filter)).where;
    };

    // 600 open of 3,000: the severity index (which carries the state) gives 51 after ~255 entries.
    expect(walked('is:open', 'severity')).toEqual(['+(i.resolved = ?)']);
    // The sort's own column stays where the walk starts; the level (not in the severity index) is kept off too.
    expect(walked('severity:critical level:L1', 'severity')).toEqual([filterOf('severity:critical level:L1').where[0], '+((i.level = ?))']);
    // In time order nothing changes: the time index and the text plans decide there.
    const open = filterOf('is:open');
    expect(forSortWalk(open, 'createdAt', 50, fromFile(open))).toEqual(open);
    // `age:` is not counted by the tally: no walk is sized on it.
    const recent = filterOf('age:<3d is:open');
    expect(forSortWalk(recent, 'severity', 50, fromFile(recent))).toEqual(recent);

    // One site's open incidents in a cache of a million: too rare to walk for; the site leads, the state does not.
    expect(walked('site:site-1 is:open', 'severity', (filter) => ({ total: () => 1_000_000, tallied: (columns) => talliedFields(raw, filter, columns) }))).toEqual(['+(i.resolved = ?)', 'i.site_id IN (?)']);

    // At 1M (the bench cache's counts): 4,904 open backups. The check index holds 83,305 backup entries
    // (4,904 rows read after the state is checked in them); the severity walk passes ~10,400 entries and
    // reads only the ~720 open ones: it walks (0.5 ms, where the check index took 12 ms).
    const openBackups = (filter: IncidentFilter) => ({ ...filter, tallied: 4_904 });
    const openBackup = openBackups(filterOf('check:backup is:open'));
    expect(forSortWalk(openBackup, 'severity', 50, millionCounts({ resolved: 58_838, check_type: 83_305, 'check_type resolved': 4_904 })).where).toEqual(['+(i.resolved = ?)', '+((i.check_type = ?))']);
    // Were nearly every incident open, checking the state in the entries would spare few row reads: the check index leads.
    expect(forSortWalk(openBackup, 'severity', 50, millionCounts({ resolved: 980_000, check_type: 83_305, 'check_type resolved': 4_904 })).where).toEqual(['+(i.resolved = ?)', '(i.check_type = ?)']);
    // 822 open L3 backups: through the level index 166,505 entries and 9,791 rows; the check index 83,305
    // and 4,904; the walk ~62,000 and ~4,300: the walk (measured 7.9, 11.9 and 20.7 ms).
    const rareBackups = { ...filterOf('level:L3 is:open check:backup'), tallied: 822 };
    const l3Counts = { level: 166_505, resolved: 58_838, check_type: 83_305, 'level resolved': 9_791, 'check_type resolved': 4_904, 'check_type level resolved': 822 };
    expect(forSortWalk(rareBackups, 'severity', 50, millionCounts(l3Counts)).where.every((condition) => condition.startsWith('+('))).toBe(true);
    // By check type, the check index is the sort's own: it leads and the rest is checked on its entries and rows.
    expect(forSortWalk(rareBackups, 'checkType', 50, millionCounts(l3Counts)).where).toEqual(['+((i.level = ?))', '+(i.resolved = ?)', '(i.check_type = ?)']);
    raw.close();
  });

  it('plans a text group naming only clinics, or only check types, as that field when asked (the sorts other than time ask)', async () => {
    const raw = await filledRaw();
    const now = Date.parse(FIXTURE_NOW);
    const asFields = buildIncidentFilter(raw, 'alder OR birch backup is:open -patch', now, { textAsFields: true });
    expect(asFields.fields.map((field) => field.column)).toEqual(['resolved', 'site_id', 'check_type']);
    expect(asFields.where.slice(1, 3)).toEqual(['i.site_id IN (?, ?)', 'i.check_type IN (?)']);
    expect(asFields.textSet).toBeNull();
    expect(asFields.tallyOnly).toBe(true);
    // The same count either way: the groups' tally conditions are the fields' now.
    const asText = buildIncidentFilter(raw, 'alder OR birch backup is:open -patch', now);
    expect(asText.textSet).not.toBeNull();
    expect(tallySum(raw, asFields.tally, asFields.tallyWhere, asFields.tallyParams)).toBe(tallySum(raw, asText.tally, asText.tallyWhere, asText.tallyParams));
    // A group naming a control keeps the whole text a match set.
    expect(buildIncidentFilter(raw, 'alder 164.312(b)', now, { textAsFields: true }).textSet).not.toBeNull();
    raw.close();
  });
});
