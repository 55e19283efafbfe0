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
/**
 * A failure the simulator injects into the step's sync after `after` requests to its path have passed: the
 * list (`/api/dashboard/incidents`) or an incident's detail (`/api/dashboard/incidents/<id>`).
 */
interface Fault {
  path: '/api/dashboard/incidents' | '/api/dashboard/incidents/*';
  after: number;
  injected: { kind: 'status'; status: 500 | 503 | 429; retryAfter: 0 } | { kind: 'drop' } | { kind: 'malformed'; malformed: 'truncated' | 'bad-row' };
}
interface Step {
  changes: Change[];
  /** Made while a sync is reading pages, or between syncs. */
  midSync: boolean;
  /** Set: the step's sync runs (mid-sync or not) with this failure waiting for it. */
  fault: Fault | null;
}

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), count: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('resolve' as const, 'escalate' as const, 'auto-heal' as const, 'suppress' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gone' as const), resolved: fc.boolean(), pick: fc.nat() }) },
);
const faultArb: fc.Arbitrary<Fault> = fc.record({
  path: fc.constantFrom('/api/dashboard/incidents' as const, '/api/dashboard/incidents/*' as const),
  after: fc.integer({ min: 0, max: 6 }),
  injected: fc.oneof(
    fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500 as const, 503 as const, 429 as const), retryAfter: fc.constant(0 as const) }),
    fc.record({ kind: fc.constant('drop' as const) }),
    fc.record({ kind: fc.constant('malformed' as const), malformed: fc.constantFrom('truncated' as const, 'bad-row' as const) }),
  ),
});
const stepsArb = fc.array(
  fc.record({ changes: fc.array(changeArb, { minLength: 1, maxLength: 3 }), midSync: fc.boolean(), fault: fc.option(faultArb, { freq: 3 }) }),
  { minLength: 1, maxLength: 4 },
);

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

/** Sets the step's failure to meet its sync: the first `after` requests to the path pass (a zero delay), the next fails. */
async function inject(fault: Fault): Promise<void> {
  if (fault.after > 0) await sim.control('POST', '/control/faults', { path: fault.path, kind: 'latency', delayMs: 0, count: fault.after });
  await sim.control('POST', '/control/faults', { path: fault.path, ...fault.injected });
}

/** A sync with a failure waiting may fail (that is the point) but must never leave the cache unable to converge. */
async function stepSync(cache: CacheClient, fault: Fault | null, rejected: Set<string>): Promise<void> {
  const account = (result: Awaited<ReturnType<typeof sync>>) => {
    for (const row of result.rejected) if (row.id) rejected.add(row.id.toLowerCase());
  };
  if (fault === null) {
    account(await sync(cache));
    return;
  }
  await sync(cache).then(account, (error: unknown) => {
    if (!(error instanceof Error && 'code' in error)) throw error; // only the console's own errors, each with its code
  });
}

async function holdsExactly(cache: CacheClient, steps: Step[]): Promise<void> {
  await sync(cache);
  const gone = new Set<string>();
  const rejected = new Set<string>();
  for (const step of steps) {
    const openIds = (await sim.truth()).filter((row) => !row.resolved).map((row) => row.id);
    if (step.fault) await inject(step.fault);
    const running = step.midSync || step.fault ? stepSync(cache, step.fault, rejected) : null;
    for (const change of step.changes) {
      const id = await apply(cache, change, openIds);
      if (id) gone.add(id);
    }
    await running;
    // A failure the sync did not reach (it stopped earlier) must not meet the truth reader.
    await sim.control('DELETE', '/control/faults');
  }
  // One quiet cycle: everything but a resolved incident gone from the server is right (that one waits for its
  // site's reconciliation, which the design allows; so does a resolved incident whose row a malformed page
  // rejected); then a cycle per site, and the cache is exact.
  await sync(cache);
  const truth = byId(await sim.truth());
  const waiting = (row: { id: string; resolved: boolean }) => row.resolved && (gone.has(row.id) || rejected.has(row.id));
  expect(byId((await cachedRows(cache)).filter((row) => !waiting(row)))).toEqual(truth.filter((row) => !waiting(row)));
  for (let cycle = 0, sites = (await cache.incidentSites()).length; cycle < sites; cycle++) await sync(cache);
  expect(byId(await cachedRows(cache))).toEqual(truth);
}

describe('incident sync exactness (fast-check)', () => {
  it('after any sequence of changes interleaved with syncs — offsets shifting mid-sync, resolutions, escalations, incidents gone, 5xx / 429 / dropped / malformed answers mid-sync — the cache equals the simulator', async () => {
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
