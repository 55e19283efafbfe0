import { dropIncidentTables } from '../incidents/test-support/drop-incident-tables.ts';
import { undoFleetSortIndexes } from '../fleet/test-support/undo-fleet-sort-indexes.ts';
import { describe, expect, it } from 'vitest';
import { openRawConnection, useCacheFolder } from './test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';

describe('cache documents (through the worker)', () => {
  const folder = useCacheFolder();

  it('stores a document per kind and key, replaces it, and keeps it across a reopen', async () => {
    const keyHex = generateCacheKeyHex();
    const first = await folder.open(keyHex);
    expect(await first.getDocument('site-view', 's1')).toBeNull();
    await first.putDocument('site-view', 's1', '{"v":1}', '2026-11-23T10:00:00.000Z');
    await first.putDocument('site-view', 's1', '{"v":2}', '2026-11-23T10:01:00.000Z');
    await first.putDocument('attention', 'fleet', '{"items":[]}', '2026-11-23T10:02:00.000Z');
    await first.close();
    const second = await folder.open(keyHex);
    expect(await second.getDocument('site-view', 's1')).toEqual({ json: '{"v":2}', asOf: '2026-11-23T10:01:00.000Z' });
    expect(await second.getDocument('attention', 'fleet')).toEqual({ json: '{"items":[]}', asOf: '2026-11-23T10:02:00.000Z' });
    expect(await second.getDocument('site-view', 's2')).toBeNull();
  });

  it('upgrades a cache written before documents existed, keeping its data', async () => {
    const keyHex = generateCacheKeyHex();
    const created = await folder.open(keyHex);
    await created.setMeta('kept', 'yes');
    await created.close();
    // Roll the file back to version 1, as an older console left it.
    const raw = openRawConnection(folder.dir.file('cache.db'), keyHex);
    raw.exec('DROP TABLE documents; DELETE FROM schema_migrations WHERE version > 1;');
    dropIncidentTables(raw);
    undoFleetSortIndexes(raw);
    raw.close();
    const upgraded = await folder.open(keyHex);
    expect(await upgraded.getMeta('kept')).toBe('yes');
    await upgraded.putDocument('attention', 'fleet', '{"items":[]}', '2026-11-23T10:00:00.000Z');
    expect(await upgraded.getDocument('attention', 'fleet')).toEqual({ json: '{"items":[]}', asOf: '2026-11-23T10:00:00.000Z' });
    await upgraded.close();
    const reopened = await folder.open(keyHex);
    expect(await reopened.getDocument('attention', 'fleet')).toEqual({ json: '{"items":[]}', asOf: '2026-11-23T10:00:00.000Z' });
    expect(await reopened.getMeta('kept')).toBe('yes');
  });
});
