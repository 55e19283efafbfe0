import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentQuerySchema } from '#shared/incidents/index.ts';
import { FIRST_WINDOW, type PageWindow } from '#shared/paging/paged-query.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { syncIncidents } from './incident-sync.ts';
import { startSimIncidents, type SimIncidents, type TruthRow } from './test-support/sim-incidents.ts';
import { propertySeeds, seededRandom } from './test-support/seeded-random.ts';

// syncIncidents against central-sim over real HTTPS into a real SQLCipher cache; the simulator's clock is frozen,
// so the only changes are the ones each test makes (some of them while a sync is reading pages).
let sim: SimIncidents;
const folder = useCacheFolder();
beforeAll(async () => {
  sim = await startSimIncidents({ incidents: 1500, sites: 12 });
}, 60_000);
afterAll(async () => sim?.stop());

async function cachedRows(cache: CacheClient): Promise<TruthRow[]> {
  const rows: TruthRow[] = [];
  let window: PageWindow | null = FIRST_WINDOW;
  do {
    const page = await cache.queryIncidents(IncidentQuerySchema.parse({ limit: 500, window }), new Date().toISOString());
    rows.push(...page.rows.map((row) => ({ id: row.id, resolved: row.resolved, level: row.level, severity: row.severity, checkType: row.checkType, createdAt: row.createdAt })));
    window = page.nextWindow;
  } while (window !== null);
  return rows;
}

const byId = (rows: TruthRow[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
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

  it('after random changes interleaved with syncs, some landing mid-sync, the cache equals the simulator (seed printed on failure)', async () => {
    for (const seed of propertySeeds(2)) {
      const random = seededRandom(seed);
      const cache = await folder.open(undefined, folder.dir.file(`seed-${seed}.db`));
      await sync(cache);
      for (let step = 0; step < 6; step++) {
        const changes = random.int(1, 5);
        const pending: Array<Promise<unknown>> = [];
        const running = sync(cache);
        for (let change = 0; change < changes; change++) {
          const kind = random.pick(['open', 'open', 'resolve', 'escalate', 'auto-heal', 'suppress'] as const);
          if (kind === 'open') pending.push(sim.control('POST', '/control/incidents/open', { count: random.int(1, 250) }));
          else {
            const id = await randomOpenIds((ids) => random.pick(ids));
            if (id) pending.push(sim.control('POST', `/control/incidents/${id}/${kind}`));
          }
        }
        await Promise.all(pending);
        await running;
        await sync(cache);
        const expected = byId(await sim.truth());
        const actual = byId(await cachedRows(cache));
        expect(actual.length, `seed ${seed}, step ${step}: CC_PROPERTY_SEED=${seed} repeats this run`).toBe(expected.length);
        expect(actual, `seed ${seed}, step ${step}: CC_PROPERTY_SEED=${seed} repeats this run`).toEqual(expected);
      }
    }
  }, 300_000);

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
