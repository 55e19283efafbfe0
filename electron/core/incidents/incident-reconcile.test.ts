import { describe, expect, it } from 'vitest';
import type { CacheClient } from '../cache/cache-client.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { syncIncidents } from './incident-sync.ts';
import { asRecord, byId, cachedItems, cachedRows } from './test-support/cached-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// Reconciliation and retention against central-sim over real HTTPS into a real SQLCipher cache, clock frozen.
// The simulator never deletes an incident, so "gone from the server" is a copy planted in the cache that the
// server does not have (or has differently): what the console sees when an incident is deleted or leaves scope.
const sim = useSimIncidents({ incidents: 900, sites: 6 });
const folder = useCacheFolder();

// Enough pages a cycle that each cycle reconciles every site's whole resolved slice (one page each here).
const sync = (cache: CacheClient) => syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 20 });
const DAY_MS = 86_400_000;

describe('incident reconciliation', () => {
  it('removes a cached resolved incident the reconciled slice no longer lists once its detail answers 404', async () => {
    const cache = await folder.open();
    await sync(cache);
    const items = await cachedItems(cache);
    const firstSite = (await cache.incidentSites())[0]?.siteId;
    const model = items.find((item) => item.resolved && item.siteId === firstSite)!;
    const phantom = { ...asRecord(model), id: '0badc0de-0000-4000-8000-000000000001' };
    await cache.writeIncidents({ rows: [phantom], now: new Date().toISOString() });
    await sync(cache);
    expect((await cachedRows(cache)).some((row) => row.id === phantom.id)).toBe(false);
    expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
  }, 120_000);

  it('keeps, and corrects, an incident the slice does not list when its detail shows it still exists elsewhere', async () => {
    const cache = await folder.open();
    await sync(cache);
    const items = await cachedItems(cache);
    const next = (JSON.parse((await cache.getMeta('incident_reconcile_cursor'))!) as { siteId: string }).siteId;
    const elsewhere = items.find((item) => item.resolved && item.siteId !== next)!;
    // A stale copy that files it under the site reconciled next: one cycle, and only that slice is read.
    await cache.writeIncidents({ rows: [{ ...asRecord(elsewhere), siteId: next }], now: new Date().toISOString() });
    await syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 1 });
    const corrected = (await cachedItems(cache)).find((item) => item.id === elsewhere.id);
    expect(corrected?.siteId).toBe(elsewhere.siteId);
  }, 120_000);

  it('keeps incidents beyond the retention purged while reconciliation reads their pages again', async () => {
    const cache = await folder.open();
    const now = new Date();
    // Set on the empty cache, so the first sync (the bulk insert) already honours it.
    await cache.setIncidentSettings({ retentionDays: 60, detailDays: 7 }, now.toISOString());
    await sync(cache);
    const within = (days: number) => async () => {
      const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
      return byId((await sim.truth()).filter((row) => row.createdAt >= cutoff));
    };
    expect(byId(await cachedRows(cache))).toEqual(await within(60)());
    const { purged } = await cache.setIncidentSettings({ retentionDays: 30, detailDays: 7 }, now.toISOString());
    expect(purged).toBeGreaterThan(0);
    await sync(cache);
    await sync(cache);
    expect(byId(await cachedRows(cache))).toEqual(await within(30)());
  }, 120_000);
});
