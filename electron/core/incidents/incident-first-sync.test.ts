import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentQuerySchema } from '#shared/incidents/index.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { connect } from '../cache/open-database.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { DEFERRED_INDEXES } from './incident-deferred-indexes.ts';
import { syncIncidents, type IncidentSyncOptions } from './incident-sync.ts';
import { byId, cachedRows } from './test-support/cached-incidents.ts';
import { startSimIncidents, type SimIncidents } from './test-support/sim-incidents.ts';

// A first sync into an empty cache defers the secondary indexes of `incidents` to its end. Against central-sim
// over real HTTPS into real SQLCipher files (clock frozen): whatever cuts it short, the cache is left indexed
// (or is indexed by the next open), its tallies agree with its rows at every commit, and a resumed sync ends
// with the same cache, index for index and answer for answer, as one that was never interrupted.
let sim: SimIncidents;
const folder = useCacheFolder();
beforeAll(async () => {
  sim = await startSimIncidents({ incidents: 1500, sites: 12 });
}, 60_000);
afterAll(async () => sim?.stop());

const firstSync = (cache: CacheClient, extra: Partial<IncidentSyncOptions> = {}) =>
  syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 0, writeBatchRows: 300, pageConcurrency: 1, ...extra });

/** The file as SQLite holds it, read beside the open cache (WAL), in one snapshot. */
function inspect(file: string, keyHex: string) {
  const db = connect(file, keyHex, { readonly: true });
  try {
    return db.transaction(() => {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
      return {
        indexes: (db.pragma(`index_list('incidents')`) as { name: string }[]).map((index) => index.name).sort(),
        deferred: db.prepare('SELECT value FROM meta WHERE key = ?').get(DEFERRED_INDEXES) !== undefined,
        rows: count('SELECT count(*) AS n FROM incidents'),
        tallied: count('SELECT sum(n) AS n FROM incident_tally'),
        dayTallied: count('SELECT sum(n) AS n FROM incident_day_tally'),
        controls: count('SELECT count(*) AS n FROM incident_controls'),
        controlTallied: count('SELECT sum(n) AS n FROM incident_control_tally'),
        indexed: count('SELECT count(*) AS n FROM incident_fts'),
      };
    })();
  } finally {
    db.close();
  }
}

/** What the views ask: pages in two sorts with exact totals from the tally, facets and a text search. */
async function answers(cache: CacheClient) {
  const now = new Date().toISOString();
  const query = (search: string, sortBy: 'severity' | 'createdAt' = 'createdAt') => cache.queryIncidents(IncidentQuerySchema.parse({ search, limit: 100, sortBy }), now);
  const strip = ({ rows, total }: { rows: { id: string }[]; total: unknown }) => ({ ids: rows.map((row) => row.id), total });
  return {
    newest: strip(await query('')),
    open: strip(await query('is:open')),
    critical: strip(await query('severity:critical', 'severity')),
    text: strip(await query('backup')),
    facets: await cache.incidentFacets(IncidentQuerySchema.parse({ search: 'is:open', limit: 50 }), now),
  };
}

function expectConsistent(state: ReturnType<typeof inspect>): void {
  expect(state.tallied).toBe(state.rows);
  expect(state.dayTallied).toBe(state.rows);
  expect(state.controlTallied).toBe(state.controls);
  expect(state.indexed).toBe(state.rows);
}

describe('a first sync cut short', () => {
  it('by a fault part-way builds its deferred indexes before giving up; resumed, it leaves the cache an uninterrupted one does', async () => {
    const referenceKey = generateCacheKeyHex();
    const reference = await folder.open(referenceKey, folder.dir.file('reference.db'));
    await firstSync(reference);
    const whole = inspect(folder.dir.file('reference.db'), referenceKey);
    expect(whole.indexes.length).toBeGreaterThan(5);
    expect(whole.deferred).toBe(false);

    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    // Four list pages pass, the fifth gets a 503: two batches landed.
    await sim.control('POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'latency', delayMs: 0, count: 4 });
    await sim.control('POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'status', status: 503, retryAfter: 0 });
    await expect(firstSync(cache)).rejects.toMatchObject({ code: expect.any(String) });
    const cut = inspect(folder.dir.file('cache.db'), keyHex);
    expect(cut.rows).toBeGreaterThan(0);
    expect(cut.rows).toBeLessThan(whole.rows);
    expect(cut.indexes).toEqual(whole.indexes);
    expect(cut.deferred).toBe(false);
    expectConsistent(cut);
    expect((await answers(cache)).newest.total).toEqual({ count: cut.rows, capped: false });

    await firstSync(cache);
    expect(inspect(folder.dir.file('cache.db'), keyHex).indexes).toEqual(whole.indexes);
    expect(byId(await cachedRows(cache))).toEqual(byId(await cachedRows(reference)));
    expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
    expect(await answers(cache)).toEqual(await answers(reference));
  }, 180_000);

  it('by the cache closing under it (sign-out, lock, a crash) leaves the indexes deferred in the file, and the next open builds them', async () => {
    const referenceKey = generateCacheKeyHex();
    const reference = await folder.open(referenceKey, folder.dir.file('reference.db'));
    await firstSync(reference);
    const whole = inspect(folder.dir.file('reference.db'), referenceKey);

    const keyHex = generateCacheKeyHex();
    const file = folder.dir.file('cache.db');
    const cache = await folder.open(keyHex, file);
    let pages = 0;
    const consistentWhileWriting: boolean[] = [];
    await expect(
      firstSync(cache, {
        onProgress: () => {
          pages += 1;
          // Reads beside the write: at every point the sync reaches, what has landed is self-consistent.
          const state = inspect(file, keyHex);
          consistentWhileWriting.push(state.tallied === state.rows && state.controlTallied === state.controls && state.indexed === state.rows);
          if (pages === 4) void cache.close();
        },
      }),
    ).rejects.toThrow();
    expect(consistentWhileWriting.length).toBeGreaterThanOrEqual(4);
    expect(consistentWhileWriting.every(Boolean)).toBe(true);
    const cut = inspect(file, keyHex);
    expect(cut.rows).toBeGreaterThan(0);
    expect(cut.deferred).toBe(true);
    expect(cut.indexes.length).toBeLessThan(whole.indexes.length);
    expectConsistent(cut);

    const reopened = await folder.open(keyHex, file);
    const opened = inspect(file, keyHex);
    expect(opened.indexes).toEqual(whole.indexes);
    expect(opened.deferred).toBe(false);
    await firstSync(reopened);
    expect(inspect(file, keyHex).indexes).toEqual(whole.indexes);
    expect(byId(await cachedRows(reopened))).toEqual(byId(await cachedRows(reference)));
    expect(await answers(reopened)).toEqual(await answers(reference));
  }, 180_000);
});
