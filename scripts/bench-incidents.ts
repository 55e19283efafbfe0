// `npm run bench -- incidents` (also the second half of `npm run bench`): the incident sync and queries.
// First sync of 100k incidents from the simulator over loopback TLS into the encrypted cache, against a
// bare script doing the same paging + JSON.parse + one bulk insert; the steady state with the
// simulator's clock frozen; page query, facets and FTS at 100k (synced) and 1M (filled in SQL), in core
// (the cache worker client) and through the contract (dispatcher + structured clone + the renderer's
// parse); the same 50-row page from the cache vs fetched from the simulator as the web dashboard does.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '#sim/src/server.ts';
import { createApiClient } from '#core/api/client.ts';
import { openCache, type CacheClient } from '#core/cache/cache-client.ts';
import { connect } from '#core/cache/open-database.ts';
import { generateCacheKeyHex } from '#core/vault/accounts.ts';
import { syncIncidents } from '#core/incidents/incident-sync.ts';
import { IncidentQuerySchema } from '#shared/incidents/query.ts';
import { FIRST_WINDOW, type PageWindow } from '#shared/paging/paged-query.ts';
import { IncidentPageSchema } from '#shared/incidents/api.ts';
import { createIncidentHandlers } from '#core/incidents/incident-handlers.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import { createContractClient, type ContractClient } from '#shared/ipc/client.ts';
import type { ChannelHandlers } from '#shared/ipc/contract.ts';
import { fillIncidentCache } from './lib/incident-bulk-fill.ts';

const SYNC_INCIDENTS = Number(process.env.CC_BENCH_INCIDENTS ?? 100_000);
const BIG_INCIDENTS = Number(process.env.CC_BENCH_BIG_INCIDENTS ?? 1_000_000);
const SYNC_RUNS = 3;
// 20 runs: the p95 of 20 is the second slowest, stable enough here and half the time of 40.
const QUERY_RUNS = 20;
const DASHBOARD_RUNS = 20;

const median = (samples: number[]) => percentile(samples, 50);
const p50p95 = (samples: number[]) => `${median(samples).toFixed(2)} / ${percentile(samples, 95).toFixed(2)} ms`;
const benchStarted = performance.now();
/** Progress on stderr, so a slow section shows itself. */
const step = (what: string) => console.error(`[bench incidents ${((performance.now() - benchStarted) / 1000).toFixed(0)} s] ${what}`);
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-incidents-'));
const sim = await startSimulator({ seed: 1, sites: 300, incidents: SYNC_INCIDENTS, incidentActivity: false, dataDir: path.join(work, 'sim'), port: 0, controlPort: 0, heartbeatSeconds: 0 });
const lines: string[] = [];
try {
  const api = createApiClient({ origin: sim.url, caPem: sim.caCertPem });
  const login = await api.login('admin', sim.users.find((user) => user.username === 'admin')!.password);
  if (login.kind !== 'session') throw new Error('admin unexpectedly needs TOTP');
  const token = login.token;

  const bare: number[] = [];
  const product: number[] = [];
  let synced: CacheClient | null = null;
  for (let run = 0; run < SYNC_RUNS; run++) {
    step(`first sync, run ${run + 1}`);
    // The bare script: the same pages, JSON.parse, one bulk insert into an encrypted table.
    bare.push(
      (
        await timed(async () => {
          const rows: unknown[] = [];
          for (let offset = 0; ; offset += 200) {
            const page = await api.getJson('/api/dashboard/incidents', IncidentPageSchema, { token, query: { limit: 200, offset } });
            if (page.status !== 200) throw new Error('unexpected 304');
            rows.push(...page.data);
            if (page.data.length < 200) break;
          }
          const db = connect(path.join(work, `bare-${run}.sqlite`), generateCacheKeyHex());
          db.exec('CREATE TABLE incidents (id TEXT PRIMARY KEY, json TEXT NOT NULL)');
          const insert = db.prepare('INSERT INTO incidents (id, json) VALUES (?, ?)');
          db.transaction(() => {
            for (const row of rows) insert.run((row as { id: string }).id, JSON.stringify(row));
          })();
          db.close();
        })
      ).ms,
    );
    const cache = await openCache({ file: path.join(work, `product-${run}.sqlite`), keyHex: generateCacheKeyHex() });
    // Details and reconciliation are left out of the comparison: the bare script does neither.
    product.push((await timed(() => syncIncidents({ api, token, cache, detailBudget: 0, reconcilePages: 0 }))).ms);
    if (run === SYNC_RUNS - 1) synced = cache;
    else await cache.close();
  }
  lines.push(`| first sync, ${SYNC_INCIDENTS.toLocaleString('en-US')} incidents (median of ${SYNC_RUNS}) | console ${median(product).toFixed(0)} ms | bare script ${median(bare).toFixed(0)} ms | ${(median(product) / median(bare)).toFixed(2)}× |`);

  step('steady state');
  // Steady state: reconciliation pages answer 304 once visited. Visiting all 300 sites' slices takes
  // minutes, so the warm-up visits the next 60 pages' worth and puts the cursor back: the five timed
  // cycles (4 pages each) then read only visited pages, as every cycle does once the walk came round.
  const cursorKey = 'incident_reconcile_cursor';
  const cursorBefore = await synced!.getMeta(cursorKey);
  for (let cycle = 0; cycle < 5; cycle++) {
    const result = await syncIncidents({ api, token, cache: synced!, detailBudget: 0, reconcilePages: 60 });
    await synced!.setMeta(cursorKey, cursorBefore ?? 'null'); // 'null' reads as the first site
    if (result.notModified === result.requests) break;
  }
  const steady: number[] = [];
  let last: Awaited<ReturnType<typeof syncIncidents>> | null = null;
  for (let run = 0; run < 5; run++) {
    const { ms, value } = await timed(() => syncIncidents({ api, token, cache: synced!, detailBudget: 0 }));
    steady.push(ms);
    last = value;
  }
  lines.push(`| steady state at ${SYNC_INCIDENTS.toLocaleString('en-US')}, clock frozen (median of 5) | ${median(steady).toFixed(0)} ms | ${last!.requests} requests, ${last!.notModified}× 304 | rewrote: ${last!.unchanged ? 'nothing' : 'yes'} |`);
  step('cache vs dashboard');
  const dashboardLines = await dashboardBench(api, token, synced!);
  await api.close();

  step('queries at the synced size');
  const queriesStarted = performance.now();
  const queryLines = [await queryBench(synced!, SYNC_INCIDENTS)];
  await synced!.close();
  step('bulk load');
  const { load, big } = await bigCache(BIG_INCIDENTS);
  step('queries at the bulk-loaded size');
  queryLines.push(await queryBench(big, BIG_INCIDENTS));
  await big.close();

  console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}, ${new Date().toISOString()}`);
  console.log('| incident sync | | | |\n|---|---|---|---|');
  for (const line of lines) console.log(line);
  console.log(`\nBulk load of ${BIG_INCIDENTS.toLocaleString('en-US')} incidents (SQL fill with full-text rows, scripts/lib/incident-bulk-fill.ts): ${load === null ? 'reused from CC_BENCH_CACHE_DIR' : `${(load / 1000).toFixed(1)} s`}; queries ${((performance.now() - queriesStarted) / 1000).toFixed(0)} s`);
  console.log(`\n| cached incidents | path | page query (severity:critical is:open, newest first, 50 rows) | facets, indexed filter | facets, text filter (backup) | FTS "164.312" (half the rows) | FTS "patch" + severity:high |\n|---|---|---|---|---|---|---|`);
  for (const line of queryLines.flat()) console.log(line);
  console.log(`\n| the same 50-row page (p50 / p95 of ${DASHBOARD_RUNS}) | cache through the contract | web dashboard's fetch (GET + JSON.parse) | faster |\n|---|---|---|---|`);
  for (const line of dashboardLines) console.log(line);
  console.log(`\nload after: ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
} finally {
  await sim.close();
  await rm(work, { recursive: true, force: true });
}

/** The trusted side's path for a renderer call, without Electron: the dispatcher (input and output parsed), a structured clone each way as IPC does, and the renderer's contract client parsing the answer. */
function contractClient(cache: CacheClient): ContractClient {
  const { handlers } = createIncidentHandlers({ current: () => ({ session: null as never, cache }), isOnline: () => false, emit: () => undefined, log: () => undefined, durable: () => null });
  const dispatch = createDispatcher(handlers as unknown as ChannelHandlers);
  return createContractClient({ invoke: async (channel, input) => structuredClone(await dispatch(channel, structuredClone(input))), on: () => () => undefined });
}

async function samplesOf(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  await run(); // one unmeasured run: prepared statements and pages warm
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) samples.push((await timed(run)).ms);
  return samples;
}

async function queryBench(cache: CacheClient, count: number): Promise<string[]> {
  const now = new Date().toISOString();
  const client = contractClient(cache);
  const q = (search: string) => IncidentQuerySchema.parse({ search, limit: 50 });
  const texts = { page: 'severity:critical is:open', facets: 'severity:critical', textFacets: 'backup', common: '164.312', combined: 'patch severity:high' };
  const core = [
    await samplesOf(QUERY_RUNS, () => cache.queryIncidents(q(texts.page), now)),
    await samplesOf(QUERY_RUNS, () => cache.incidentFacets(q(texts.facets), now)),
    await samplesOf(QUERY_RUNS, () => cache.incidentFacets(q(texts.textFacets), now)),
    await samplesOf(QUERY_RUNS, () => cache.queryIncidents(q(texts.common), now)),
    await samplesOf(QUERY_RUNS, () => cache.queryIncidents(q(texts.combined), now)),
  ];
  const contract = [
    await samplesOf(QUERY_RUNS, () => client.call('incidents:query', { search: texts.page, limit: 50 })),
    await samplesOf(QUERY_RUNS, () => client.call('incidents:facets', { search: texts.facets, limit: 50 })),
    await samplesOf(QUERY_RUNS, () => client.call('incidents:facets', { search: texts.textFacets, limit: 50 })),
    await samplesOf(QUERY_RUNS, () => client.call('incidents:query', { search: texts.common, limit: 50 })),
    await samplesOf(QUERY_RUNS, () => client.call('incidents:query', { search: texts.combined, limit: 50 })),
  ];
  const size = count.toLocaleString('en-US');
  return [`| ${size} | core | ${core.map(p50p95).join(' | ')} |`, `| ${size} | contract | ${contract.map(p50p95).join(' | ')} |`];
}

/** The newest page and one 5,000 rows down: the cache through the contract (keyset window) vs GET /api/dashboard/incidents + JSON.parse. */
async function dashboardBench(api: ReturnType<typeof createApiClient>, token: string, cache: CacheClient): Promise<string[]> {
  const client = contractClient(cache);
  const lines: string[] = [];
  for (const offset of [0, 5_000]) {
    let window: PageWindow = FIRST_WINDOW;
    for (let skipped = 0; skipped < offset; skipped += 500) window = (await client.call('incidents:query', { limit: 500, window })).nextWindow ?? window;
    const fromCache = await samplesOf(DASHBOARD_RUNS, () => client.call('incidents:query', { limit: 50, window }));
    const fromDashboard = await samplesOf(DASHBOARD_RUNS, async () => {
      const response = await api.getJson('/api/dashboard/incidents', IncidentPageSchema, { token, query: { limit: 50, offset } });
      // getJson reads the body and JSON.parses it (its schema here is any array): what the dashboard's fetch does.
      if (response.status !== 200 || response.data.length !== 50) throw new Error('the dashboard page did not come back whole');
      return response.data;
    });
    lines.push(`| offset ${offset.toLocaleString('en-US')} | ${p50p95(fromCache)} | ${p50p95(fromDashboard)} | ${(median(fromDashboard) / median(fromCache)).toFixed(1)}× |`);
  }
  return lines;
}

/**
 * The 1M cache: filled inside SQLite (rows, controls, full-text rows, tallies; the same rows the bench
 * always loaded: `164.312(b)` on every even row), or reused from CC_BENCH_CACHE_DIR when a run left one
 * there (its key beside it), since the fill costs minutes.
 */
async function bigCache(count: number): Promise<{ load: number | null; big: CacheClient }> {
  const dir = process.env.CC_BENCH_CACHE_DIR;
  const file = path.join(dir ?? work, `big-${count}.sqlite`);
  const keyFile = `${file}.bench-key`;
  if (dir && existsSync(keyFile)) return { load: null, big: await openCache({ file, keyHex: (await readFile(keyFile, 'utf8')).trim() }) };
  const keyHex = generateCacheKeyHex();
  const started = performance.now();
  await fillIncidentCache(file, keyHex, count, Date.now(), { controls: 'one-of-two', fullText: true });
  const load = performance.now() - started;
  if (dir) await writeFile(keyFile, keyHex, { mode: 0o600 });
  return { load, big: await openCache({ file, keyHex }) };
}
