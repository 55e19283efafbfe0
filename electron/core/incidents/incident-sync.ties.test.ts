import { describe, expect, it } from 'vitest';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { syncIncidents } from './incident-sync.ts';
import { byId, cachedRows } from './test-support/cached-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// The real list is `ORDER BY reported_at DESC` and nothing else: incidents a check-in reports together tie,
// and Postgres returns tied rows in whatever order its plan for each LIMIT and OFFSET makes. Here central-sim
// gives reported_at to six hours (a dozen incidents to a tie) and orders every tie afresh per request, over
// real HTTPS into a real SQLCipher file; the truth is the store's own list, from its control API.
const sim = useSimIncidents({ incidents: 4000, sites: 12, tieSeconds: 6 * 3600 });
const folder = useCacheFolder();

const sync = (cache: Parameters<typeof syncIncidents>[0]['cache']) => syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 0 });

describe('incident sync over a list whose ties come back in any order', () => {
  it('holds exactly the simulator\'s incidents after one cycle, and after incidents reported together at the head', async () => {
    const truth = await sim.truth();
    const createdAt = truth.map((row) => row.createdAt);
    expect(new Set(createdAt).size, 'reported_at ties').toBeLessThan(createdAt.length / 5);

    const cache = await folder.open();
    const first = await sync(cache);
    expect(first.rejected).toEqual([]);
    expect(byId(await cachedRows(cache))).toEqual(byId(truth));

    // A check-in reporting 60 incidents at once: one tie at the head, wider than a page's overlap.
    await sim.control('POST', '/control/incidents/open', { count: 60 });
    const open = (await sim.truth()).filter((row) => !row.resolved).map((row) => row.id);
    for (const id of open.slice(10, 16)) await sim.control('POST', `/control/incidents/${id}/resolve`);
    await sync(cache);
    expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
  }, 120_000);
});

// A tie wider than half a page (a week of reported_at to one value: ~300 incidents) cannot be overlapped whole.
const wide = useSimIncidents({ incidents: 4000, sites: 12, tieSeconds: 7 * 86_400 });

describe('incident sync over a list with ties wider than half a page', () => {
  it('never fails for the order of a tie, and the reconciliation\'s per-site slices make the cache exact', async () => {
    const cache = await folder.open();
    const cycle = () => syncIncidents({ api: wide.api, token: wide.token, cache, detailBudget: 0, reconcilePages: 60 });
    await cycle();
    for (let site = 0; site < 12; site++) await cycle();
    expect(byId(await cachedRows(cache))).toEqual(byId(await wide.truth()));
  }, 180_000);
});
