import { describe, expect, it } from 'vitest';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { buildIncidentFilter } from './incident-filters.ts';
import { forSortWalk } from './incident-sort-walk.ts';
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

describe('a page in another sort than time', () => {
  it('walks the sort’s index past common fields, keeps a rare one leading, and never lets the state lead beside another field', async () => {
    const raw = await filledRaw();
    const filterOf = (search: string) => buildIncidentFilter(raw, search, Date.parse(FIXTURE_NOW));
    const total = () => 3_000;

    // 600 open of 3,000: the severity index (which carries the state) gives 51 after ~255 entries.
    const open = forSortWalk(filterOf('is:open'), 'severity', 50, total);
    expect(open.where).toEqual(['+(i.resolved = ?)']);
    // The sort's own column stays where the walk starts; the level (not in the severity index) is kept off too.
    expect(forSortWalk(filterOf('severity:critical level:L1'), 'severity', 50, total).where).toEqual([filterOf('severity:critical level:L1').where[0], '+((i.level = ?))']);
    // In time order nothing changes: the time index and the text plans decide there.
    expect(forSortWalk(filterOf('is:open'), 'createdAt', 50, total)).toEqual(filterOf('is:open'));

    // One site's open incidents in a cache of a million: too rare to walk for; the site leads, the state does not.
    const rare = forSortWalk(filterOf('site:site-1 is:open'), 'severity', 50, () => 1_000_000);
    expect(rare.where).toEqual(['+(i.resolved = ?)', 'i.site_id IN (?)']);
    // `age:` is not counted by the tally: no walk is sized on it.
    expect(forSortWalk(filterOf('age:<3d is:open'), 'severity', 50, total)).toEqual(filterOf('age:<3d is:open'));
    raw.close();
  });
});
