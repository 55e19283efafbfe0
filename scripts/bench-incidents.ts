// `npm run bench -- incidents` (also the second half of `npm run bench`): the incident sync and queries.
// First sync of 100k incidents from the simulator over loopback TLS into the encrypted cache, against a
// bare script doing the same paging + JSON.parse + one bulk insert; the steady state with the
// simulator's clock frozen, at its default open share (~7 %) and at 0.5 % (a fleet that heals itself);
// page query, facets and FTS at 100k (synced) and 1M (filled in SQL), in core (the cache worker client)
// and through the contract (dispatcher + structured clone + the renderer's parse); the same 50-row page
// from the cache vs fetched from the simulator as the web dashboard does.
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
import { syncFleet } from '#core/fleet/fleet-sync.ts';
import { syncIncidents } from '#core/incidents/incident-sync.ts';
import { IncidentQuerySchema } from '#shared/incidents/query.ts';
import { IncidentPageSchema } from '#shared/incidents/api.ts';
import { cacheVsDashboard, contractClient } from './bench-cache-vs-dashboard.ts';
import { fillIncidentCache } from './lib/incident-bulk-fill.ts';

const SYNC_INCIDENTS = Number(process.env.CC_BENCH_INCIDENTS ?? 100_000);
const BIG_INCIDENTS = Number(process.env.CC_BENCH_BIG_INCIDENTS ?? 1_000_000);
const SYNC_RUNS = 3;
// 20 runs: the p95 of 20 is the second slowest, stable enough here and half the time of 40.
const QUERY_RUNS = 20;
/** The steady state's second simulator: a fleet that heals itself within minutes leaves about this share open. */
const REALISTIC_OPEN_SHARE = 0.005;
/**
 * Words the simulator's fleet and the fill really have: a clinic's place, a HIPAA control, both kinds at once, a clinic with a
 * control; and the 1M fill's cached details (the 100k sync caches none): a service in ~1 % of them, a registry word in all.
 */
const TEXT_SEARCHES = [
  ['clinic name', 'riverside'], ['control', '164.308'], ['mixed', 'riverside backup'], ['control field', 'control:164.312(b)'], ['clinic and control', 'riverside 164.308'],
  ['drift text', 'svc-42'], ['drift text and clinic', 'hklm riverside'],
] as const;

/** Pages in a column the technician sorts by, first values first (incident-sort-walk.ts): a field walked past, a field leading, text planned as the field it names. */
const OTHER_SORTS = [
  { sortBy: 'severity', label: 'severity', search: 'is:open' },
  { sortBy: 'severity', label: 'severity', search: 'check:backup is:open' },
  { sortBy: 'checkType', label: 'check type', search: 'backup OR patch level:L2' },
  { sortBy: 'siteId', label: 'site', search: 'riverside is:open' },
] as const;
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
  lines.push(`| first sync, ${SYNC_INCIDENTS.toLocaleString('en-US')} incidents (median of ${SYNC_RUNS}, load ${os.loadavg()[0]!.toFixed(1)}) | console ${median(product).toFixed(0)} ms | bare script ${median(bare).toFixed(0)} ms | ${(median(product) / median(bare)).toFixed(2)}× |`);

  step('steady state');
  lines.push(await steadyState(api, token, synced!, 'the simulator\'s default mix'));
  // A fleet that heals itself leaves few incidents open: the same steady state over a simulator whose
  // history is 0.5 % open (central-sim's incidentOpenShare), synced afresh.
  step('steady state, 0.5 % open');
  const healing = await startSimulator({ seed: 1, sites: 300, incidents: SYNC_INCIDENTS, incidentOpenShare: REALISTIC_OPEN_SHARE, incidentActivity: false, dataDir: path.join(work, 'sim'), port: 0, controlPort: 0, heartbeatSeconds: 0 });
  try {
    const healingApi = createApiClient({ origin: healing.url, caPem: healing.caCertPem });
    const healingLogin = await healingApi.login('admin', healing.users.find((user) => user.username === 'admin')!.password);
    if (healingLogin.kind !== 'session') throw new Error('admin unexpectedly needs TOTP');
    const healingCache = await openCache({ file: path.join(work, 'healing.sqlite'), keyHex: generateCacheKeyHex() });
    await syncIncidents({ api: healingApi, token: healingLogin.token, cache: healingCache, detailBudget: 0, reconcilePages: 0 });
    lines.push(await steadyState(healingApi, healingLogin.token, healingCache, `${(REALISTIC_OPEN_SHARE * 100).toFixed(1)} % open`));
    await healingCache.close();
    await healingApi.close();
  } finally {
    await healing.close();
  }
  step('cache vs dashboard');
  const dashboardLines = await cacheVsDashboard(api, token, synced!, sim);
  // The fleet list too, as the console syncs it: a search for a clinic's name finds its sites.
  await syncFleet({ api, token, cache: synced! });
  await api.close();

  step('queries at the synced size');
  const queriesStarted = performance.now();
  const queryLines = [await queryBench(synced!, SYNC_INCIDENTS)];
  const textLines = [await textQueryBench(synced!, SYNC_INCIDENTS)];
  await synced!.close();
  step('bulk load');
  const { load, big } = await bigCache(BIG_INCIDENTS);
  step('queries at the bulk-loaded size');
  queryLines.push(await queryBench(big, BIG_INCIDENTS));
  textLines.push(await textQueryBench(big, BIG_INCIDENTS));
  await big.close();

  console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}, ${new Date().toISOString()}`);
  console.log('| incident sync | | | |\n|---|---|---|---|');
  for (const line of lines) console.log(line);
  console.log(`\nBulk load of ${BIG_INCIDENTS.toLocaleString('en-US')} incidents (SQL fill, scripts/lib/incident-bulk-fill.ts): ${load === null ? 'reused from CC_BENCH_CACHE_DIR' : `${(load / 1000).toFixed(1)} s`}; queries ${((performance.now() - queriesStarted) / 1000).toFixed(0)} s`);
  console.log(`\n| cached incidents | path | page query (severity:critical is:open, newest first, 50 rows) | facets, indexed filter | facets, text filter (backup) | FTS "164.312" (half the rows) | FTS "patch" + severity:high | ${OTHER_SORTS.map(({ search, label }) => `page by ${label} (\`${search}\`)`).join(' | ')} |\n|---|---|---|---|---|---|---|${OTHER_SORTS.map(() => '---|').join('')}`);
  for (const line of queryLines.flat()) console.log(line);
  console.log(`\n| cached incidents | path | ${TEXT_SEARCHES.flatMap(([label, search]) => [`page, ${label} (\`${search}\`)`, `facets, ${label}`]).join(' | ')} |\n|---|---|${TEXT_SEARCHES.map(() => '---|---|').join('')}`);
  for (const line of textLines.flat()) console.log(line);
  console.log('');
  for (const line of dashboardLines) console.log(line);
  console.log(`\nload after: ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
} finally {
  await sim.close();
  await rm(work, { recursive: true, force: true });
}

/**
 * Five cycles with the simulator's clock frozen, after warming: reconciliation pages answer 304 once
 * visited, and visiting all 300 sites' slices takes minutes, so the warm-up visits the next 60 pages'
 * worth and puts the cursor back: the timed cycles (4 pages each) then read only visited pages, as every
 * cycle does once the walk came round.
 */
async function steadyState(api: ReturnType<typeof createApiClient>, token: string, cache: CacheClient, mix: string): Promise<string> {
  const cursorKey = 'incident_reconcile_cursor';
  const cursorBefore = await cache.getMeta(cursorKey);
  for (let cycle = 0; cycle < 5; cycle++) {
    const result = await syncIncidents({ api, token, cache, detailBudget: 0, reconcilePages: 60 });
    await cache.setMeta(cursorKey, cursorBefore ?? 'null'); // 'null' reads as the first site
    if (result.notModified === result.requests) break;
  }
  const open = (await cache.openIncidentIds()).length;
  const samples: number[] = [];
  let last: Awaited<ReturnType<typeof syncIncidents>> | null = null;
  for (let run = 0; run < 5; run++) {
    const { ms, value } = await timed(() => syncIncidents({ api, token, cache, detailBudget: 0 }));
    samples.push(ms);
    last = value;
  }
  const load = os.loadavg()[0]!.toFixed(1);
  return `| steady state at ${SYNC_INCIDENTS.toLocaleString('en-US')}, ${mix} (${open.toLocaleString('en-US')} open), clock frozen (median of 5, load ${load}) | ${median(samples).toFixed(0)} ms | ${last!.requests} requests, ${last!.notModified}× 304 | rewrote: ${last!.unchanged ? 'nothing' : 'yes'} |`;
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
  for (const { search, sortBy } of OTHER_SORTS) core.push(await samplesOf(QUERY_RUNS, () => cache.queryIncidents(IncidentQuerySchema.parse({ search, limit: 50, sortBy, sortDir: 'asc' }), now)));
  const contract = [
    await samplesOf(QUERY_RUNS, () => client.call('incidents:query', { search: texts.page, limit: 50 })),
    await samplesOf(QUERY_RUNS, () => client.call('incidents:facets', { search: texts.facets, limit: 50 })),
    await samplesOf(QUERY_RUNS, () => client.call('incidents:facets', { search: texts.textFacets, limit: 50 })),
    await samplesOf(QUERY_RUNS, () => client.call('incidents:query', { search: texts.common, limit: 50 })),
    await samplesOf(QUERY_RUNS, () => client.call('incidents:query', { search: texts.combined, limit: 50 })),
  ];
  for (const { search, sortBy } of OTHER_SORTS) contract.push(await samplesOf(QUERY_RUNS, () => client.call('incidents:query', { search, limit: 50, sortBy, sortDir: 'asc' })));
  const size = count.toLocaleString('en-US');
  return [`| ${size} | core | ${core.map(p50p95).join(' | ')} |`, `| ${size} | contract | ${contract.map(p50p95).join(' | ')} |`];
}

/** Page and facets of each text search, in core and through the contract. */
async function textQueryBench(cache: CacheClient, count: number): Promise<string[]> {
  const now = new Date().toISOString();
  const client = contractClient(cache);
  const core: number[][] = [];
  const contract: number[][] = [];
  for (const [, search] of TEXT_SEARCHES) {
    core.push(await samplesOf(QUERY_RUNS, () => cache.queryIncidents(IncidentQuerySchema.parse({ search, limit: 50 }), now)));
    core.push(await samplesOf(QUERY_RUNS, () => cache.incidentFacets(IncidentQuerySchema.parse({ search, limit: 50 }), now)));
    contract.push(await samplesOf(QUERY_RUNS, () => client.call('incidents:query', { search, limit: 50 })));
    contract.push(await samplesOf(QUERY_RUNS, () => client.call('incidents:facets', { search, limit: 50 })));
  }
  const size = count.toLocaleString('en-US');
  return [`| ${size} | core | ${core.map(p50p95).join(' | ')} |`, `| ${size} | contract | ${contract.map(p50p95).join(' | ')} |`];
}

/**
 * The 1M cache: filled inside SQLite (rows, controls, tallies; `164.312(b)` on half
 * the rows), or reused from CC_BENCH_CACHE_DIR when a run left one
 * there (its key beside it), since the fill costs minutes.
 */
async function bigCache(count: number): Promise<{ load: number | null; big: CacheClient }> {
  const dir = process.env.CC_BENCH_CACHE_DIR;
  // Named by what the fill holds: a file from an earlier fill (without details) is not reused.
  const file = path.join(dir ?? work, `big-${count}-details.sqlite`);
  const keyFile = `${file}.bench-key`;
  if (dir && existsSync(keyFile)) return { load: null, big: await openCache({ file, keyHex: (await readFile(keyFile, 'utf8')).trim() }) };
  const keyHex = generateCacheKeyHex();
  const started = performance.now();
  await fillIncidentCache(file, keyHex, count, Date.now(), { controls: 'one-of-two', details: 'open-and-last-week' });
  const load = performance.now() - started;
  if (dir) await writeFile(keyFile, keyHex, { mode: 0o600 });
  return { load, big: await openCache({ file, keyHex }) };
}
