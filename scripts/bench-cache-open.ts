// `npm run bench -- cache-open`: how long the console waits to open a big encrypted cache (sign-in,
// launch and offline unlock all wait for it), and how long the whole-file check after the open takes.
// 1M incidents filled in SQL as `-- incidents` fills them; CC_BENCH_CACHE_DIR reuses a fill (its key
// beside it), CC_BENCH_BIG_INCIDENTS changes the size. Each run first forgets the last clean check, so
// the check is due and runs.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCache } from '#core/cache/cache-client.ts';
import { INTEGRITY_CHECKED_AT } from '#core/cache/cache-integrity.ts';
import { connect } from '#core/cache/open-database.ts';
import { generateCacheKeyHex } from '#core/vault/accounts.ts';
import { fillIncidentCache } from './lib/incident-bulk-fill.ts';

const COUNT = Number(process.env.CC_BENCH_BIG_INCIDENTS ?? 1_000_000);
const RUNS = Number(process.env.CC_BENCH_OPEN_RUNS ?? 3);
const load = () => os.loadavg().map((n) => n.toFixed(1)).join(' ');

const work = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-cache-open-'));
try {
  const dir = process.env.CC_BENCH_CACHE_DIR ?? work;
  const file = path.join(dir, `big-${COUNT}.sqlite`);
  const keyFile = `${file}.bench-key`;
  if (!existsSync(keyFile)) {
    const keyHex = generateCacheKeyHex();
    await fillIncidentCache(file, keyHex, COUNT, Date.now(), { controls: 'one-of-two' });
    await writeFile(keyFile, keyHex, { mode: 0o600 });
  }
  const keyHex = (await readFile(keyFile, 'utf8')).trim();
  const forgetCleanCheck = () => {
    const db = connect(file, keyHex);
    db.prepare('DELETE FROM meta WHERE key = ?').run(INTEGRITY_CHECKED_AT);
    db.close();
  };
  console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}, cache ${COUNT.toLocaleString('en-US')} incidents`);
  // An empty cache's open is the workers' start alone (threads, modules, keying): what any open costs.
  const emptyOpen = async (run: number) => {
    const started = performance.now();
    const empty = await openCache({ file: path.join(work, `empty-${run}.sqlite`), keyHex: generateCacheKeyHex() });
    const opened = performance.now() - started;
    await empty.integrityCheck;
    await empty.close();
    return opened;
  };
  console.log('| run | open of the filled cache (until the first read can run) | open of an empty cache (the workers\' start) | whole-file check after the open | verdict | load |\n|---|---|---|---|---|---|');
  for (let run = 1; run <= RUNS; run++) {
    forgetCleanCheck();
    const started = performance.now();
    const cache = await openCache({ file, keyHex });
    const opened = performance.now() - started;
    const verdict = await cache.integrityCheck;
    const checked = performance.now() - started - opened;
    await cache.close();
    const empty = await emptyOpen(run);
    console.log(`| ${run} | ${(opened / 1000).toFixed(2)} s | ${(empty / 1000).toFixed(2)} s | ${(checked / 1000).toFixed(1)} s | ${verdict.kind} | ${load()} |`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
