import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { IncidentQuerySchema } from '#shared/incidents/index.ts';
import type { ApiClient } from '../api/client.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { connect } from '../cache/open-database.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { DEFERRED_INDEXES } from './incident-deferred-indexes.ts';
import { syncIncidents, type IncidentSyncOptions } from './incident-sync.ts';
import { byId, cachedRows } from './test-support/cached-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// A first sync into an empty cache defers the secondary indexes of `incidents` to its end. Against central-sim
// over real HTTPS into real SQLCipher files (clock frozen): whatever cuts it short, the cache is left indexed
// (or is indexed by the next open), its tallies agree with its rows at every commit, and a resumed sync ends
// with the same cache, index for index and answer for answer, as one that was never interrupted.
const sim = useSimIncidents({ incidents: 1500, sites: 12 });
const folder = useCacheFolder();

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
        dayTallied: count('SELECT sum(n) AS n FROM incident_control_set_day_tally'),
        controls: count('SELECT count(*) AS n FROM incident_controls'),
        controlListTallied: count('SELECT sum(n) AS n FROM incident_control_set_tally'),
        indexed: count('SELECT count(*) AS n FROM incident_fts'),
        details: count('SELECT count(*) AS n FROM incident_details'),
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
  expect(state.controlListTallied).toBe(state.rows);
  // The full-text index holds the cached details' hostname and drift text only.
  expect(state.indexed).toBe(state.details);
}

/**
 * What the per-row path keeps through its triggers and `#indexRow`, recounted from the rows: each tally
 * (its non-zero entries), the control rows, and each row's words in each full-text column.
 */
function derivedFromRows(file: string, keyHex: string) {
  const db = connect(file, keyHex, { readonly: true });
  try {
    db.exec(`CREATE VIRTUAL TABLE temp.search_words USING fts5vocab(main, incident_fts, instance)`);
    return db.transaction(() => {
      const all = (sql: string) => db.prepare(sql).all();
      const tally = (table: string, columns: number) => all(`SELECT * FROM ${table} WHERE n <> 0 ORDER BY ${orderBy(columns)}`);
      const recount = (select: string, columns: number) => all(`${select} GROUP BY ${orderBy(columns)} ORDER BY ${orderBy(columns)}`);
      const columns = ['hostname', 'drift'] as const;
      const expectedWords = db
        .prepare<[], { rowid: number; hostname: string; drift: string }>(
          `SELECT d.incident_rowid AS rowid, COALESCE(i.hostname, '') AS hostname, d.search_text AS drift FROM incident_details d JOIN incidents i ON i.rowid = d.incident_rowid ORDER BY 1`,
        )
        .all()
        .flatMap((row) => columns.map((column) => `${row.rowid} ${column}: ${words(row[column] ?? '')}`));
      const storedWords = db
        .prepare<[], { doc: number; col: string; words: string }>(`SELECT doc, col, group_concat(term, ' ') AS words FROM (SELECT doc, col, term FROM search_words ORDER BY doc, col, offset) GROUP BY doc, col`)
        .all();
      const stored = new Map(storedWords.map((row) => [`${row.doc} ${row.col}`, row.words]));
      return {
        tally: { stored: tally('incident_tally', 5), recounted: recount('SELECT site_id, severity, level, resolved, check_type, count(*) AS n FROM incidents', 5) },
        dayTally: {
          stored: tally('incident_control_set_day_tally', 6),
          recounted: recount('SELECT substr(created_at, 1, 10) AS day, level, resolved, hipaa_controls AS controls, severity, check_type, count(*) AS n FROM incidents', 6),
        },
        controlListTally: { stored: tally('incident_control_set_tally', 6), recounted: recount('SELECT hipaa_controls AS controls, site_id, severity, level, resolved, check_type, count(*) AS n FROM incidents', 6) },
        controlRows: {
          stored: all('SELECT control, incident_rowid FROM incident_controls ORDER BY 1, 2'),
          recounted: all('SELECT DISTINCT c.value AS control, i.rowid AS incident_rowid FROM incidents i, json_each(i.hipaa_controls) c ORDER BY 1, 2'),
        },
        searchWords: {
          stored: expectedWords.map((line) => `${line.slice(0, line.indexOf(':'))}: ${stored.get(line.slice(0, line.indexOf(':'))) ?? ''}`),
          recounted: expectedWords,
        },
      };
    })();
  } finally {
    db.close();
  }
}

const orderBy = (columns: number) => Array.from({ length: columns }, (_, index) => index + 1).join(', ');
/** The words the full-text index's tokenizer (unicode61) makes of a text, in order. */
const words = (text: string) => text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');

describe('a first sync into an empty cache', () => {
  it('leaves every tally, control row and full-text row the per-row path keeps, counted for its batches at once', async () => {
    const keyHex = generateCacheKeyHex();
    const file = folder.dir.file('bulk.db');
    const cache = await folder.open(keyHex, file);
    await firstSync(cache);
    const derived = derivedFromRows(file, keyHex);
    expect(derived.tally.stored.length).toBeGreaterThan(10);
    expect(derived.dayTally.stored.length).toBeGreaterThan(10);
    expect(derived.searchWords.recounted.length).toBe(2 * inspect(file, keyHex).details);
    for (const [what, { stored, recounted }] of Object.entries(derived)) expect(stored, what).toEqual(recounted);
    expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
  }, 120_000);
});

describe('a first sync\'s index build', () => {
  it('runs while the open pass reads its pages, and the cache ends indexed and exactly the simulator\'s', async () => {
    const keyHex = generateCacheKeyHex();
    const file = folder.dir.file('overlap.db');
    const cache = await folder.open(keyHex, file);
    const events: string[] = [];
    let openPageAsked = () => {};
    const openPageSeen = new Promise<void>((resolve) => (openPageAsked = resolve));
    const api: ApiClient = {
      ...sim.api,
      getJson: (path, schema, options) => {
        if (options.query?.resolved === 'false') {
          events.push('open page asked');
          openPageAsked();
        }
        return sim.api.getJson(path, schema, options);
      },
    };
    // The build is handed to the cache once an open page was asked for. Code that starts the open pass only
    // after the build would wait here for nothing: the bound lets it go on, to fail on the order below.
    const watched = new Proxy(cache, {
      get: (target, name, receiver) => {
        if (name !== 'writeIncidents') return Reflect.get(target, name, receiver) as unknown;
        return async (input: Parameters<CacheClient['writeIncidents']>[0]) => {
          if (input.buildIndexes) await Promise.race([openPageSeen, sleep(10_000)]);
          const counts = await target.writeIncidents(input);
          if (input.buildIndexes) events.push('indexes built');
          return counts;
        };
      },
    });
    await firstSync(watched, { api, pageConcurrency: 4 });
    expect(events[0]).toBe('open page asked');
    expect(events).toContain('indexes built');
    expect(inspect(file, keyHex).deferred).toBe(false);
    expect(byId(await cachedRows(cache))).toEqual(byId(await sim.truth()));
  }, 120_000);
});

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
    let closing = false;
    const consistentWhileWriting: boolean[] = [];
    await expect(
      firstSync(cache, {
        onProgress: () => {
          pages += 1;
          // Reads beside the write: at every point the sync reaches, what has landed is self-consistent.
          const state = inspect(file, keyHex);
          consistentWhileWriting.push(state.tallied === state.rows && state.controlListTallied === state.rows && state.dayTallied === state.rows && state.indexed === state.details);
          // Closed part-way, once a batch has landed (on a busy machine the first may land a page or two later).
          if (pages >= 4 && state.rows > 0 && !closing) {
            closing = true;
            void cache.close();
          }
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
