// `npm run bench -- window [site counts, default 3000,30000]`: one window of the sites table, asked
// of the real encrypted cache in its reader worker (core) and through the contract's dispatch with
// its zod input and output parse (what each shell runs per request), and what writing the fleet
// (`replaceFleet`, the sync's write, with every sort index) costs. Prints a Markdown table.
// CC_BENCH_WINDOW_RUNS (default 200) sets how many times each window is asked.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCache } from '#core/cache/cache-client.ts';
import { generateCacheKeyHex } from '#core/vault/accounts.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import type { ChannelHandlers } from '#shared/ipc/contract.ts';

const RUNS = Number(process.env.CC_BENCH_WINDOW_RUNS ?? 200);
const siteCounts = (process.argv[3] ?? '3000,30000').split(',').map(Number);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const NAMES = ['Dental', 'Pediatrics', 'Family Care', 'Eye Clinic', 'Dermatology'];
const STATUSES = ['online', 'stale', 'offline', 'pending'];

function syntheticFleet(count: number) {
  const sites = Array.from({ length: count }, (_, index) => ({
    siteId: `site-${index}`,
    clinicName: `${NAMES[index % NAMES.length]} ${index}`,
    orgId: `org-${index % 250}`,
    orgName: `Group ${index % 250}`,
    liveStatus: STATUSES[index % STATUSES.length]!,
    tier: 'standard',
    applianceCount: 1 + (index % 5),
    lastCheckin: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
    raw: JSON.stringify({ site_id: `site-${index}` }),
  }));
  const health = sites.map((site, index) => ({
    siteId: site.siteId, onlineCount: index % 5, healthOverall: (index * 37) % 100, healthStatus: 'healthy', incidents24h: index % 7, raw: '{}',
  }));
  return { sites, health, stats: null, httpCache: [], syncedAt: new Date().toISOString() };
}

async function timed(run: () => Promise<unknown>): Promise<string> {
  const samples: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return `${percentile(samples, 50).toFixed(2)} / ${percentile(samples, 95).toFixed(2)} ms`;
}

const rows: string[] = [];
const writes: string[] = [];
for (const count of siteCounts) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-window-'));
  try {
    const cache = await openCache({ file: path.join(dir, 'bench.sqlite'), keyHex: generateCacheKeyHex() });
    const fleet = syntheticFleet(count);
    const writeStarted = performance.now();
    await cache.replaceFleet(fleet);
    writes.push(`${count} sites: ${(performance.now() - writeStarted).toFixed(0)} ms`);
    const handlers = { 'fleet:overview': (query) => cache.queryFleet(query) } as Partial<ChannelHandlers> as ChannelHandlers;
    const dispatch = createDispatcher(handlers);
    const windows = {
      'first window, by name': { limit: 100 },
      'middle window, by health ↓': { sortBy: 'healthOverall', sortDir: 'desc', window: { offset: Math.floor(count / 2) }, limit: 100 },
      'last window, by last check-in': { sortBy: 'lastCheckin', window: { offset: count - 100 }, limit: 100 },
      'search "dental", first window': { search: 'dental', limit: 100 },
    } as const;
    for (const [name, raw] of Object.entries(windows)) {
      const query = FleetQuerySchema.parse(raw);
      const answer = await cache.queryFleet(query);
      const core = await timed(() => cache.queryFleet(query));
      const contract = await timed(async () => {
        const result = await dispatch('fleet:overview', raw);
        if (!result.ok) throw new Error(result.error.message);
      });
      rows.push(`| ${count} | ${name} | ${answer.rows.length} of ${answer.total.count} | ${(JSON.stringify(answer).length / 1024).toFixed(1)} KiB | ${core} | ${contract} |`);
    }
    await cache.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}, load ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
console.log(`| sites | window | rows moved | answer size | core: cache query p50 / p95 | contract: dispatch + zod parse p50 / p95 (${RUNS} runs) |`);
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`Writing the fleet (replaceFleet, one run): ${writes.join(', ')}`);
