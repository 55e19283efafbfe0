import { describe, expect, it } from 'vitest';
import type { CacheClient } from '../cache/cache-client.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { syncIncidents } from './incident-sync.ts';
import { byId, cachedRows } from './test-support/cached-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// syncIncidents against central-sim over real HTTPS into a real SQLCipher cache; the simulator's clock is frozen,
// so the only changes are the ones each test makes (some of them while a sync is reading pages).
const sim = useSimIncidents({ incidents: 1500, sites: 12 });
const folder = useCacheFolder();

const sync = (cache: CacheClient) => syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 20, reconcilePages: 2 });

async function openIncident(): Promise<string[]> {
  return (await sim.control('POST', '/control/incidents/open', { count: 1 })).json.ids as string[];
}

async function randomOpenIds(pick: (ids: string[]) => string): Promise<string | null> {
  const open = (await sim.truth()).filter((row) => !row.resolved).map((row) => row.id);
  return open.length === 0 ? null : pick(open);
}

describe('incident sync against central-sim', () => {
  it('a first sync holds exactly the simulator\'s incidents; a second with nothing changed rewrites nothing and answers from 304s', async () => {
    const cache = await folder.open();
    const first = await sync(cache);
    expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
    expect(first.rejected).toEqual([]);
    expect(first.details).toBeGreaterThan(0);
    const detailBudgetSpent = await sync(cache); // the detail budget may still have work after the first cycle
    expect(detailBudgetSpent.inserted).toBe(0);
    // Details and the first visit of each site's resolved slice take a few cycles; then every request is a 304.
    let steady = await sync(cache);
    for (let cycle = 0; cycle < 40 && (steady.details > 0 || steady.notModified < steady.requests); cycle++) {
      steady = await sync(cache);
      expect(steady.inserted + steady.updated + steady.removed).toBe(0);
    }
    expect(steady).toMatchObject({ inserted: 0, updated: 0, removed: 0, details: 0, unchanged: true });
    expect(steady.notModified).toBe(steady.requests);
  }, 120_000);

  for (const fault of [
    { kind: 'status', status: 503, retryAfter: 0 },
    { kind: 'status', status: 429, retryAfter: 0 },
    { kind: 'drop' },
  ]) {
    it(`a ${fault.kind === 'drop' ? 'dropped connection' : fault.status} on a list page leaves the cache as it was, and the next sync converges`, async () => {
      const cache = await folder.open();
      await sync(cache);
      const before = byId(await cachedRows(cache));
      await sim.control('POST', '/control/incidents/open', { count: 450 });
      await sim.control('POST', '/control/faults', { path: '/api/dashboard/incidents', ...fault });
      await expect(sync(cache)).rejects.toMatchObject({ code: expect.any(String) });
      expect(byId(await cachedRows(cache))).toEqual(before);
      await sync(cache);
      expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
    }, 120_000);
  }

  it('a first sync writes its pages in batches as it goes: a fault after some pages keeps what landed, and the next sync converges', async () => {
    const cache = await folder.open();
    const batched = { api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 0, writeBatchRows: 400, pageConcurrency: 1 };
    // The faults answer in order: four list requests pass (delay 0), the fifth gets a 503.
    await sim.control('POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'latency', delayMs: 0, count: 4 });
    await sim.control('POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'status', status: 503, retryAfter: 0 });
    await expect(syncIncidents(batched)).rejects.toMatchObject({ code: expect.any(String) });
    const landed = await cachedRows(cache);
    // Pages overlap by a row: a batch is written once it holds 400 rows, so pages 1-3 (598 rows) landed
    // and page 4's 199 rows were waiting for the next batch when page 5 failed.
    expect(landed.length).toBe(598);
    const truth = new Map((await sim.truth()).map((row) => [row.id, row]));
    for (const row of landed) expect(row).toEqual(truth.get(row.id));
    await syncIncidents(batched);
    expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
  }, 120_000);

  it('a fault on a list page in the middle of a sync leaves what was cached, and the next sync converges', async () => {
    const cache = await folder.open();
    await sync(cache);
    const before = byId(await cachedRows(cache));
    await sim.control('POST', '/control/incidents/open', { count: 900 });
    await sim.control('POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'latency', delayMs: 0, count: 3 });
    await sim.control('POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'drop' });
    await expect(syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, writeBatchRows: 200 })).rejects.toMatchObject({ code: expect.any(String) });
    const after = new Map((await cachedRows(cache)).map((row) => [row.id, row]));
    for (const row of before) expect(after.has(row.id)).toBe(true);
    await sync(cache);
    expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
  }, 120_000);

  it('a malformed row is rejected and reported by id while the valid rows of its page land', async () => {
    const cache = await folder.open();
    await sync(cache);
    const [fresh] = await openIncident();
    await openIncident();
    await openIncident();
    await sim.control('POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'malformed', malformed: 'bad-row', row: 2 });
    const result = await sync(cache);
    expect(result.rejected).toEqual([expect.objectContaining({ index: 2, problem: expect.any(String) })]);
    const cached = new Set((await cachedRows(cache)).map((row) => row.id));
    expect(cached.has(fresh!.toLowerCase())).toBe(true);
    await sync(cache);
  }, 120_000);

  it('a resolution is seen within one cycle, and an open incident that vanished from the open list is confirmed through its detail', async () => {
    const cache = await folder.open();
    await sync(cache);
    const id = (await randomOpenIds((ids) => ids[ids.length - 1]!))!;
    await sim.control('POST', `/control/incidents/${id}/resolve`);
    const result = await sync(cache);
    expect(result.updated).toBeGreaterThanOrEqual(1);
    const row = (await cachedRows(cache)).find((candidate) => candidate.id === id);
    expect(row).toMatchObject({ resolved: true, level: null });
  }, 120_000);
});
