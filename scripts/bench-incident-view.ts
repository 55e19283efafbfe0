// `npm run bench -- incident-view`: the incidents view's reads at 1M cached incidents, through the
// contract as the renderer asks for them (the dispatcher parses the input, the core handler answers
// from the encrypted cache's reader worker, the dispatcher parses the output). Offset windows at
// depth cold (the first jump of a query) and warm (later jumps near it), facets, the chart.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCache } from '#core/cache/cache-client.ts';
import { generateCacheKeyHex } from '#core/vault/accounts.ts';
import { createIncidentHandlers } from '#core/incidents/incident-handlers.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import type { ChannelHandlers } from '#shared/ipc/contract.ts';
import { fillIncidentCache } from './lib/incident-bulk-fill.ts';

const COUNT = Number(process.env.CC_BENCH_BIG_INCIDENTS ?? 1_000_000);
const RUNS = 30;
const NOW = new Date();

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

const work = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-incident-view-'));
try {
  const file = path.join(work, 'cache.sqlite');
  const keyHex = generateCacheKeyHex();
  let started = performance.now();
  await fillIncidentCache(file, keyHex, COUNT, NOW.getTime());
  const fillMs = performance.now() - started;
  started = performance.now();
  const cache = await openCache({ file, keyHex });
  const openMs = performance.now() - started;

  // The handlers as the console service builds them; no session is needed for these reads (offline, nothing to refresh).
  const { handlers } = createIncidentHandlers({
    current: () => ({ session: null as never, cache }),
    durable: () => null,
    isOnline: () => false,
    emit: () => undefined,
    log: () => undefined,
  });
  const dispatch = createDispatcher(handlers as unknown as ChannelHandlers);
  const call = async (channel: string, input: unknown) => {
    const result = await dispatch(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value;
  };
  const time = async (run: () => Promise<unknown>) => {
    const at = performance.now();
    await run();
    return performance.now() - at;
  };
  /** A commit by the writer: the reader forgets every remembered anchor, as after a sync. */
  const forgetAnchors = () => cache.setMeta('bench_touch', String(Math.random()));
  const lines: string[] = [];

  for (const [label, sortBy, search] of [
    ['newest first, everything', 'createdAt', ''],
    ['by severity, everything', 'severity', ''],
    ['newest first, `is:resolved level:L1`', 'createdAt', 'is:resolved level:L1'],
  ] as const) {
    const total = ((await call('incidents:query', { sortBy, search, limit: 1 })) as { total: { count: number } }).total.count;
    for (const depth of [0, 0.5, 0.999]) {
      const offset = Math.floor(total * depth);
      await forgetAnchors();
      const cold = await time(() => call('incidents:query', { sortBy, search, window: { offset }, limit: 50 }));
      const warm: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const near = Math.max(0, Math.min(total - 50, offset + Math.floor((Math.random() - 0.5) * 20_000)));
        warm.push(await time(() => call('incidents:query', { sortBy, search, window: { offset: near }, limit: 50 })));
      }
      lines.push(`| ${label} | ${offset.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} | ${ms(cold)} ms | ${ms(percentile(warm, 50))} / ${ms(percentile(warm, 95))} ms |`);
    }
  }

  const repeat = async (run: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let index = 0; index < RUNS; index++) samples.push(await time(run));
    return `${ms(percentile(samples, 50))} / ${ms(percentile(samples, 95))} ms`;
  };
  const facetLines: string[] = [];
  for (const search of ['', 'severity:critical', 'site:site-7', 'org:org-3', 'is:open check:backup', 'control:164.312(b)', 'age:<7d']) {
    facetLines.push(`| \`${search || '(none)'}\` | ${await repeat(() => call('incidents:facets', { search }))} | ${await repeat(() => call('incidents:histogram', { search, days: 365 }))} | ${await repeat(() => call('incidents:histogram', { search, days: 30 }))} |`);
  }
  await cache.close();

  console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}, ${new Date().toISOString()}`);
  console.log(`\n${COUNT.toLocaleString('en-US')} incidents filled in ${(fillMs / 1000).toFixed(1)} s (SQL bulk insert, tallies counted once); opening it (migrations, reader) ${ms(openMs)} ms.`);
  console.log('\n| incidents:query, 50 rows | offset | cold (first jump) | warm p50 / p95 (30 jumps within ±10k) |\n|---|---|---|---|');
  for (const line of lines) console.log(line);
  console.log('\n| search | incidents:facets p50 / p95 | incidents:histogram 365 days | incidents:histogram 30 days |\n|---|---|---|---|');
  for (const line of facetLines) console.log(line);
} finally {
  await rm(work, { recursive: true, force: true });
}
