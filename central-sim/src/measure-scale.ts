// `node central-sim/src/measure-scale.ts [--incidents N] [--sites N] [--runs N]`: starts the simulator in this
// process, signs in, and reports the start time, memory, and median request times of first vs deep incident
// pages over real HTTPS (a measurement for the README, not a test).
import { hostname, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { passwordOf, SimClient, startTestSim } from './testing/sim-client.ts';

const { values } = parseArgs({ options: { incidents: { type: 'string', default: '1000000' }, sites: { type: 'string', default: '300' }, runs: { type: 'string', default: '25' } } });
const incidents = Number(values.incidents);
const runs = Number(values.runs);
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

const before = process.memoryUsage();
const startedAt = performance.now();
const test = await startTestSim({ seed: 42, sites: Number(values.sites), incidents });
const startMs = performance.now() - startedAt;
const client = new SimClient(test.sim);
await client.login('admin', passwordOf(test.sim, 'admin'));
// An org-scoped user's list is a scan over every row (no per-block counts per site set): the worst case.
const scoped = new SimClient(test.sim);
await scoped.login('olga', passwordOf(test.sim, 'olga'));

async function median(path: string, user = client): Promise<{ ms: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await user.get(path);
    const elapsed = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text.slice(0, 200)}`);
    rows = (res.json as unknown[]).length;
    times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, rows };
}

const deep = Math.floor(incidents * 0.9);
const paths = [
  '/api/dashboard/incidents',
  `/api/dashboard/incidents?offset=${deep}`,
  '/api/dashboard/incidents?limit=200',
  `/api/dashboard/incidents?limit=200&offset=${deep}`,
  '/api/dashboard/incidents?level=L1',
  `/api/dashboard/incidents?level=L1&offset=${Math.floor(incidents * 0.6)}`,
  '/api/dashboard/incidents?resolved=false',
  `/api/dashboard/incidents?resolved=false&offset=${Math.floor(incidents * 0.04)}`,
];
// Warm the JIT on every path first, so the first path measured is not charged for it.
for (let round = 0; round < 5; round++) for (const path of paths) await client.get(path);
const results: string[] = [];
for (const path of paths) {
  const { ms, rows } = await median(path);
  results.push(`  ${path.padEnd(64)} ${rows.toString().padStart(3)} rows  median ${ms.toFixed(1)} ms`);
}
for (const path of ['/api/dashboard/incidents', `/api/dashboard/incidents?offset=${deep}`]) {
  for (let i = 0; i < 5; i++) await scoped.get(path);
  const { ms, rows } = await median(path, scoped);
  results.push(`  olga (org-scoped) ${path.padEnd(46)} ${rows.toString().padStart(3)} rows  median ${ms.toFixed(1)} ms`);
}
const after = process.memoryUsage();
await scoped.close();
await client.close();
await test.stop();

console.log(`central-sim scale, ${new Date().toISOString()} on ${hostname()} (${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores), Node ${process.version}`);
console.log(`  ${incidents} incidents, ${values.sites} sites: started in ${startMs.toFixed(0)} ms (PKI, fleet, incident table)`);
console.log(`  memory after the requests: rss ${mib(after.rss)}, heapUsed ${mib(after.heapUsed)} (before start: rss ${mib(before.rss)}, heapUsed ${mib(before.heapUsed)}), arrayBuffers ${mib(after.arrayBuffers)}`);
console.log(`  request times over HTTPS on loopback, median of ${runs}:`);
console.log(results.join('\n'));
