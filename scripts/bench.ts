// `npm run bench`: fleet sync and fleet query against the simulator on loopback, into the real
// encrypted cache, and the offline unlock's cost, then the incidents (scripts/bench-incidents.ts).
// Prints Markdown tables to paste into docs/BENCHMARKS.md with the machine and date.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '#sim/src/server.ts';
import { createApiClient } from '#core/api/client.ts';
import { openCache } from '#core/cache/cache-client.ts';
import { generateCacheKeyHex } from '#core/vault/accounts.ts';
import { createCacheKeyCustody } from '#core/lock/cache-key-custody.ts';
import { DEFAULT_SCRYPT_PARAMS } from '#core/lock/offline-keys.ts';
import { createMemoryVault } from '#core/vault/memory-vault.ts';
import { syncFleet } from '#core/fleet/fleet-sync.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { SitesPageSchema } from '#shared/fleet/fleet-api.ts';

// `npm run bench -- <section>` runs one section alone instead of the fleet benchmarks below.
const SECTIONS: Record<string, string> = {
  // The incident sync (first sync vs a bare script, steady state) and queries at 100k and 1M; cache vs dashboard.
  incidents: './bench-incidents.ts',
  // A long incident sync run against a live simulator with faults, then the cache compared with it (exit 1 on a difference).
  soak: './soak-incidents.ts',
  // Opening a 1M cache, and the whole-file check after the open.
  'cache-open': './bench-cache-open.ts',
  // The incidents view's windows, facets and chart at 1M, through the contract.
  'incident-view': './bench-incident-view.ts',
  // The incidents view in Chromium (needs the build).
  'incidents-view': './bench-incidents-view.ts',
  // The sites table's windows in core and through the contract.
  window: './bench-fleet-window.ts',
  // The renderer's heap while the sites table scrolls 30,000 sites end to end.
  scroll: './bench-scroll-memory.ts',
};
const section = SECTIONS[process.argv[2] ?? ''];
if (section) {
  await import(section);
  process.exit(0);
}
const SITE_COUNTS = (process.argv[2] ?? '300,3000').split(',').map(Number);
const QUERY_RUNS = 200;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function signIn(url: string, caPem: string, password: string) {
  const api = createApiClient({ origin: url, caPem });
  const login = await api.login('admin', password);
  if (login.kind !== 'session') throw new Error('admin unexpectedly needs TOTP');
  return { api, token: login.token };
}

const rows: string[] = [];
for (const sites of SITE_COUNTS) {
  const simDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-sim-'));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-data-'));
  const sim = await startSimulator({ seed: 1, sites, dataDir: simDir, port: 0, controlPort: 0 });
  try {
    const { api, token } = await signIn(sim.url, sim.caCertPem, sim.users.find((user) => user.username === 'admin')!.password);

    // Baseline: a bare script paging /api/sites and parsing it, with no cache at all.
    let started = performance.now();
    for (let offset = 0; ; offset += 500) {
      const page = await api.getJson('/api/sites', SitesPageSchema, { token, query: { limit: 500, offset } });
      if (page.status !== 200 || page.data.sites.length < 500) break;
    }
    const bareSitesMs = performance.now() - started;

    const cache = await openCache({ file: path.join(dataDir, 'bench.sqlite'), keyHex: generateCacheKeyHex() });
    started = performance.now();
    const first = await syncFleet({ api, token, cache });
    const firstMs = performance.now() - started;
    started = performance.now();
    const steady = await syncFleet({ api, token, cache });
    const steadyMs = performance.now() - started;

    const query = FleetQuerySchema.parse({ sortBy: 'healthOverall', sortDir: 'desc', search: 'dental' });
    const samples: number[] = [];
    for (let run = 0; run < QUERY_RUNS; run += 1) {
      const t = performance.now();
      await cache.queryFleet(query);
      samples.push(performance.now() - t);
    }
    await cache.close();
    await api.close();
    rows.push(
      `| ${sites} | ${first.requests} req, ${firstMs.toFixed(0)} ms | ${bareSitesMs.toFixed(0)} ms | ${steady.requests} req (${steady.notModified}×304), ${steadyMs.toFixed(0)} ms, rewrote: ${steady.changed ? 'yes' : 'no'} | ${percentile(samples, 50).toFixed(2)} / ${percentile(samples, 95).toFixed(2)} ms |`,
    );
  } finally {
    await sim.close();
    await rm(simDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}

console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('| sites | first sync into the encrypted cache (sites + fleet + stats) | bare script: page + parse /api/sites only | steady-state sync, nothing changed | fleet query p50 / p95 (sort + search, IPC excluded) |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);

// Offline unlock with the product's scrypt parameters; the keychain is an in-memory map here so the
// numbers are the crypto and the credential file, not the Secret Service round trip.
const UNLOCK_RUNS = 10;
const unlockDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-unlock-'));
try {
  const custody = createCacheKeyCustody({ vault: createMemoryVault() });
  const owner = { origin: 'https://bench.invalid', userId: 'u-1', username: 'bench' };
  const file = path.join(unlockDir, 'bench.sqlite');
  const timed = async (run: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let index = 0; index < UNLOCK_RUNS; index += 1) {
      const t = performance.now();
      await run();
      samples.push(performance.now() - t);
    }
    return `${percentile(samples, 50).toFixed(0)} / ${percentile(samples, 95).toFixed(0)} ms`;
  };
  const seal = await timed(() => custody.seal(owner, file, 'Harbor!Lantern47'));
  const unseal = await timed(() => custody.unseal(owner, file, 'Harbor!Lantern47', 7, async (keyHex) => keyHex));
  console.log('');
  console.log(`| offline unlock (scrypt N=2^${Math.log2(DEFAULT_SCRYPT_PARAMS.N)}, r=${DEFAULT_SCRYPT_PARAMS.r}, p=${DEFAULT_SCRYPT_PARAMS.p}) | p50 / p95 |`);
  console.log('|---|---|');
  console.log(`| seal at online sign-in (recover + re-seal + write) | ${seal} |`);
  console.log(`| unlock offline with the right password | ${unseal} |`);
} finally {
  await rm(unlockDir, { recursive: true, force: true });
}

// Reads beside writes: a page of the fleet list and a site's detail, each timed on an idle cache
// and while a 100k-row write transaction runs in the writer worker (reads go to the reader worker).
const READ_RUNS = 200;
const WRITE_ROWS = 100_000;
const readDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-reads-'));
try {
  const cache = await openCache({ file: path.join(readDir, 'bench.sqlite'), keyHex: generateCacheKeyHex() });
  const siteRow = (siteId: string) => ({
    siteId, clinicName: `Clinic ${siteId}`, orgId: 'org-1', orgName: 'North Dental Group', liveStatus: 'online', tier: 'standard',
    applianceCount: 1, lastCheckin: '2026-01-01T00:00:00Z', raw: JSON.stringify({ site_id: siteId }),
  });
  const fleetOf = (count: number, prefix: string) => ({ sites: Array.from({ length: count }, (_, index) => siteRow(`${prefix}-${index}`)), health: [], stats: null, httpCache: [], syncedAt: new Date().toISOString() });
  await cache.replaceFleet(fleetOf(3000, 'idle'));
  await cache.putDocument('site-view', 'idle-1', JSON.stringify({ site: siteRow('idle-1'), appliances: [] }), new Date().toISOString());
  const pageQuery = FleetQuerySchema.parse({ sortBy: 'clinicName', search: 'idle-12' });
  const reads = {
    'fleet list page (search + sort)': () => cache.queryFleet(pageQuery),
    'site detail (cached document)': () => cache.getDocument('site-view', 'idle-1'),
  };
  const idle: Record<string, number[]> = {};
  const busy: Record<string, number[]> = {};
  let writes = 0;
  let writeMs = 0;
  for (const [name, read] of Object.entries(reads)) {
    idle[name] = [];
    for (let run = 0; run < READ_RUNS; run += 1) {
      const t = performance.now();
      await read();
      idle[name].push(performance.now() - t);
    }
    busy[name] = [];
    while (busy[name].length < READ_RUNS) {
      let writing = true;
      const t0 = performance.now();
      const write = cache.replaceFleet(fleetOf(WRITE_ROWS, `busy${writes}`)).then(() => {
        writing = false;
        writeMs += performance.now() - t0;
        writes += 1;
      });
      // Reads sent only while the write is still in flight count.
      while (writing && busy[name].length < READ_RUNS) {
        const t = performance.now();
        await read();
        if (writing) busy[name].push(performance.now() - t);
      }
      await write;
      // Back to the small fleet, so every round's reads face the same data.
      await cache.replaceFleet(fleetOf(3000, 'idle'));
    }
  }
  await cache.close();
  console.log('');
  console.log(`| read (reader worker, ${READ_RUNS} runs each) | idle cache p50 / p95 | during a ${WRITE_ROWS / 1000}k-row write p50 / p95 |`);
  console.log('|---|---|---|');
  for (const name of Object.keys(reads)) {
    console.log(`| ${name} | ${percentile(idle[name]!, 50).toFixed(2)} / ${percentile(idle[name]!, 95).toFixed(2)} ms | ${percentile(busy[name]!, 50).toFixed(2)} / ${percentile(busy[name]!, 95).toFixed(2)} ms |`);
  }
  console.log(`(${writes} writes of ${WRITE_ROWS} rows, ${(writeMs / Math.max(1, writes)).toFixed(0)} ms each on average, counted from the client)`);
} finally {
  await rm(readDir, { recursive: true, force: true });
}

// The whole run goes on to the incidents; `npm run bench -- 300` (site counts given) stays with the fleet.
if (process.argv[2] === undefined) await import('./bench-incidents.ts');
