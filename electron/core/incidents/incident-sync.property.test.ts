import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CacheClient } from '../cache/cache-client.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { syncIncidents } from './incident-sync.ts';
import { asRecord, byId, cachedItems, cachedRows } from './test-support/cached-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// Property-based exactness: central-sim over real HTTPS, a real SQLCipher cache per run. The simulator cannot
// delete an incident, so deletion / leaving scope is modelled by planting a copy the server does not have.
const sim = useSimIncidents({ incidents: 300, sites: 4 });
const folder = useCacheFolder();

const RUNS = Number(process.env.CC_PROPERTY_RUNS ?? 25);
const REPLAY = 'CC_PROPERTY_SEED=<seed> CC_PROPERTY_PATH=<path> npx vitest run electron/core/incidents/incident-sync.property.test.ts';

type Change =
  | { kind: 'open'; count: number }
  | { kind: 'resolve' | 'escalate' | 'auto-heal' | 'suppress'; pick: number }
  | { kind: 'gone'; resolved: boolean; pick: number };
interface Step {
  changes: Change[];
  /** Made while a sync is reading pages, or between syncs. */
  midSync: boolean;
}

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), count: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('resolve' as const, 'escalate' as const, 'auto-heal' as const, 'suppress' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gone' as const), resolved: fc.boolean(), pick: fc.nat() }) },
);
const stepsArb = fc.array(fc.record({ changes: fc.array(changeArb, { minLength: 1, maxLength: 3 }), midSync: fc.boolean() }), { minLength: 1, maxLength: 4 });

const sync = (cache: CacheClient) => syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 5, reconcilePages: 10, writeBatchRows: 150 });

let planted = 0;
/** Applies one change; returns the id of a planted copy the server does not have, if it made one. */
async function apply(cache: CacheClient, change: Change, openIds: string[]): Promise<string | null> {
  if (change.kind === 'open') {
    await sim.control('POST', '/control/incidents/open', { count: change.count });
    return null;
  }
  if (change.kind === 'gone') {
    const items = await cachedItems(cache);
    const model = items.filter((item) => item.resolved === change.resolved)[change.pick % Math.max(1, items.length)] ?? items[0];
    if (!model) return null;
    const id = `0badc0de-0000-4000-8000-${(++planted).toString(16).padStart(12, '0')}`;
    await cache.writeIncidents({ rows: [{ ...asRecord(model), id }], now: new Date().toISOString() });
    return id;
  }
  const id = openIds[change.pick % Math.max(1, openIds.length)];
  if (id) await sim.control('POST', `/control/incidents/${id}/${change.kind}`);
  return null;
}

async function holdsExactly(cache: CacheClient, steps: Step[]): Promise<void> {
  await sync(cache);
  const gone = new Set<string>();
  for (const step of steps) {
    const openIds = (await sim.truth()).filter((row) => !row.resolved).map((row) => row.id);
    const running = step.midSync ? sync(cache) : null;
    for (const change of step.changes) {
      const id = await apply(cache, change, openIds);
      if (id) gone.add(id);
    }
    await running;
  }
  // One quiet cycle: everything but a resolved incident gone from the server is right (that one waits for its
  // site's reconciliation, which the design allows); then a cycle per site, and the cache is exact.
  await sync(cache);
  const truth = byId(await sim.truth());
  expect(byId((await cachedRows(cache)).filter((row) => !gone.has(row.id) || !row.resolved))).toEqual(truth);
  for (let cycle = 0, sites = (await cache.incidentSites()).length; cycle < sites; cycle++) await sync(cache);
  expect(byId(await cachedRows(cache))).toEqual(truth);
}

describe('incident sync exactness (fast-check)', () => {
  it('after any sequence of changes interleaved with syncs — offsets shifting mid-sync, resolutions, escalations, incidents gone — the cache equals the simulator', async () => {
    let run = 0;
    const seedText = process.env.CC_PROPERTY_SEED;
    const details = await fc.check(
      fc.asyncProperty(stepsArb, async (steps) => {
        const cache = await folder.open(undefined, folder.dir.file(`property-${run++}.db`));
        try {
          await holdsExactly(cache, steps);
        } finally {
          await cache.close();
        }
      }),
      {
        numRuns: RUNS,
        // A failing run is not shrunk: each run changes the shared simulator, so a smaller replay is not the same run.
        endOnFailure: true,
        ...(seedText ? { seed: Number(seedText), path: process.env.CC_PROPERTY_PATH } : {}),
      },
    );
    if (details.failed) {
      const how = REPLAY.replace('<seed>', String(details.seed)).replace('<path>', details.counterexamplePath ?? '');
      throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\nReplay the same changes with: ${how}\n(timing against the running sync may differ)`);
    }
  }, 600_000);
});
