import { describe, expect, it } from 'vitest';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { FIXTURE_NOW, incident } from './test-support/incident-fixtures.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';

// The open incidents' ids each sync cycle compares its open pass with (cache migration 16), in a real
// SQLCipher file through the real worker, against the rows themselves.
const folder = useCacheFolder();

describe('the cached open incidents', () => {
  it('are listed from their own index, through a first sync that defers it, resolutions, reopenings and removals', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    const rows = Array.from({ length: 40 }, (_, index) => incident(index));
    const openOf = (list: typeof rows) => list.filter((row) => !row.resolved).map((row) => row.id).sort();

    // A first sync's rows land with the secondary indexes dropped: the same ids, read the slow way.
    await cache.writeIncidents({ rows, bulk: true, deferIndexes: true, now: FIXTURE_NOW });
    expect((await cache.openIncidentIds()).sort()).toEqual(openOf(rows));
    await cache.writeIncidents({ rows: [], buildIndexes: true, now: FIXTURE_NOW });
    expect((await cache.openIncidentIds()).sort()).toEqual(openOf(rows));

    const changed = rows.map((row, index) => (index === 0 ? { ...row, resolved: true, resolvedAt: FIXTURE_NOW } : index === 1 ? { ...row, resolved: false, resolvedAt: null } : row));
    await cache.writeIncidents({ rows: changed.slice(0, 2), removeIds: [rows[5]!.id], now: FIXTURE_NOW });
    const now = changed.filter((row) => row.id !== rows[5]!.id);
    expect(openOf(now)).not.toEqual(openOf(rows));
    expect((await cache.openIncidentIds()).sort()).toEqual(openOf(now));
    await cache.close();

    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    const plan = raw.prepare<[], { detail: string }>('EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE resolved = 0').all().map((row) => row.detail);
    expect(plan).toEqual(['SEARCH incidents USING COVERING INDEX incidents_open (resolved=?)']);
    raw.close();
  });
});
