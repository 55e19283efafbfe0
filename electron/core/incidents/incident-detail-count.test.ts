import { describe, expect, it } from 'vitest';
import { IncidentQuerySchema } from '#shared/incidents/index.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { DROP_DETAIL_COUNT } from './incident-detail-count-migration.ts';
import { FIXTURE_NOW, incident, incidentDetail } from './test-support/incident-fixtures.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';

// The count of cached details every page reports (cache migration 13), against the table itself, in a
// real SQLCipher file through the real worker.
const folder = useCacheFolder();
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.parse(FIXTURE_NOW) - days * DAY_MS).toISOString();

describe('the cached-detail bookkeeping', () => {
  it('follows every write of a detail: a new one, the same one again, a removed or purged incident, and a migration over details already cached', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    const old = incident(0, { createdAt: daysAgo(90) });
    const rows = [old, ...Array.from({ length: 9 }, (_, index) => incident(index + 1))];
    await cache.writeIncidents({ rows, now: FIXTURE_NOW });
    const reported = async () => (await cache.queryIncidents(IncidentQuerySchema.parse({}), FIXTURE_NOW)).coverage;
    const counted = () => {
      const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
      try {
        return raw.prepare('SELECT count(*) FROM incident_details').pluck().get();
      } finally {
        raw.close();
      }
    };

    expect(await reported()).toEqual({ detailsCached: 0, incidents: 10 });
    await cache.writeIncidents({ rows: [], details: rows.slice(0, 4).map((row, index) => incidentDetail(row, `ws-0${index}`, { step: index })), now: FIXTURE_NOW });
    expect(await reported()).toEqual({ detailsCached: 4, incidents: 10 });
    // A detail fetched again is an update of its row: counted once.
    await cache.writeIncidents({ rows: [], details: [incidentDetail(rows[2]!, 'ws-02', { step: 'again' })], now: FIXTURE_NOW });
    expect(await reported()).toMatchObject({ detailsCached: 4 });
    // An incident the server no longer shows takes its detail with it; so does one purged by the retention.
    await cache.writeIncidents({ rows: [], removeIds: [rows[1]!.id], now: FIXTURE_NOW });
    expect(await reported()).toEqual({ detailsCached: 3, incidents: 9 });
    expect(await cache.setIncidentSettings({ retentionDays: 30, detailDays: 7 }, FIXTURE_NOW)).toMatchObject({ purged: 1 });
    expect(await reported()).toEqual({ detailsCached: 2, incidents: 8 });
    expect(counted()).toBe(2);
    await cache.close();

    // A cache from before migration 13 with details in it: the migration counts them.
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    raw.exec(`${DROP_DETAIL_COUNT} DELETE FROM schema_migrations WHERE version >= 13`);
    raw.close();
    const reopened = await folder.open(keyHex);
    expect((await reopened.queryIncidents(IncidentQuerySchema.parse({}), FIXTURE_NOW)).coverage).toEqual({ detailsCached: 2, incidents: 8 });
    await reopened.writeIncidents({ rows: [], details: [incidentDetail(rows[5]!, 'ws-05', {})], now: FIXTURE_NOW });
    expect((await reopened.queryIncidents(IncidentQuerySchema.parse({}), FIXTURE_NOW)).coverage).toMatchObject({ detailsCached: 3 });
    await reopened.close();
  });

  it('picks the open incidents, then the recent ones, whose detail is not cached, newest first, each by a seek in incidents_needing_detail', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    const openOld = incident(0, { createdAt: daysAgo(40), resolved: false });
    const openNew = incident(1, { createdAt: daysAgo(1), resolved: false });
    const recent = [incident(2, { createdAt: daysAgo(2), resolved: true }), incident(3, { createdAt: daysAgo(3), resolved: true })];
    const oldResolved = incident(4, { createdAt: daysAgo(20), resolved: true });
    await cache.writeIncidents({ rows: [openOld, openNew, ...recent, oldResolved], now: FIXTURE_NOW });
    const since = daysAgo(7);
    expect(await cache.incidentsNeedingDetail(since, 10)).toEqual([openNew.id, openOld.id, recent[0]!.id, recent[1]!.id]);
    expect(await cache.incidentsNeedingDetail(since, 3)).toEqual([openNew.id, openOld.id, recent[0]!.id]);
    expect(await cache.incidentsNeedingDetail(since, 1)).toEqual([openNew.id]);
    await cache.writeIncidents({ rows: [], details: [incidentDetail(openNew, 'ws-1', {}), incidentDetail(recent[0]!, 'ws-2', {})], now: FIXTURE_NOW });
    expect(await cache.incidentsNeedingDetail(since, 10)).toEqual([openOld.id, recent[1]!.id]);
    await cache.close();

    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    const plan = (sql: string, ...params: unknown[]) => raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((row) => (row as { detail: string }).detail).join(' / ');
    expect(plan('SELECT id FROM incidents WHERE detail_state <> 1 AND resolved = 0 ORDER BY created_at DESC LIMIT 5')).toMatch(/USING INDEX incidents_needing_detail \(resolved=\?\)$/);
    expect(plan('SELECT id FROM incidents WHERE detail_state <> 1 AND resolved = 1 AND created_at >= ? ORDER BY created_at DESC LIMIT 5', since)).toMatch(/USING INDEX incidents_needing_detail \(resolved=\? AND created_at>\?\)$/);
    raw.close();
  });
});
