// `npm run bench -- scroll [sites, default 30000]`: the renderer's JS heap while the sites table is
// scrolled end to end, in Debian's Chromium through the web shell (as e2e/ runs it), against the
// simulator on loopback. Needs `node scripts/build.mjs` first (it serves build/renderer). Prints the
// heap after a forced GC at each tenth of the way, and how many site rows, attention items and
// elements in all the page held (the whole page's DOM counts, not only the table's).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startSimulator } from '#sim/src/server.ts';
import { createConsoleService } from '#core/console-service.ts';
import { createMemoryVault } from '#core/vault/memory-vault.ts';
import { startWebShell } from '../electron/web-shell/server.ts';
import { findChromium } from '../electron/web-shell/chromium.ts';

const SITES = Number(process.argv[3] ?? 30_000);
const ROW_HEIGHT = 32;
const STEPS = 20;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const executablePath = findChromium(process.env);
if (executablePath === null) throw new Error("Debian's chromium is not installed: apt-get install chromium");

const simDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-scroll-sim-'));
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-scroll-data-'));
const sim = await startSimulator({ seed: 1, sites: SITES, dataDir: simDir, port: 0, controlPort: 0 });
// An in-memory keychain: the numbers are the renderer's, and no technician's entries are touched.
const service = await createConsoleService({ dataDir, shell: 'web', appVersion: 'bench', platform: process.platform, vault: createMemoryVault(), syncIntervalSeconds: 3600 });
await service.start();
const shell = await startWebShell({ handlers: service.handlers, onEvent: (listener) => service.onEvent(listener), rendererDir: path.join(repoRoot, 'build', 'renderer') });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'] });

try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let windowsAsked = 0;
  page.on('websocket', (socket) => socket.on('framesent', (frame) => void (String(frame.payload).includes('"fleet:overview"') && windowsAsked++)));
  await page.goto(shell.url);
  const admin = sim.users.find((user) => user.username === 'admin')!;
  await page.getByLabel('Server URL').fill(sim.url);
  await page.getByLabel('CA certificate file').fill(sim.caFile);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('site-count').filter({ hasText: `${SITES} sites` }).waitFor({ timeout: 300_000 });

  const cdp = await context.newCDPSession(page);
  async function heapMiB(): Promise<number> {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  }
  const table = page.getByRole('table', { name: 'Sites' });
  // Every row in view has landed: no placeholder left.
  const settled = () => page.getByTestId('site-row-pending').first().waitFor({ state: 'detached', timeout: 180_000 });

  const samples: Array<{ at: string; heap: number; rows: number; attention: number; elements: number }> = [];
  const sample = async (at: string) =>
    samples.push({
      at,
      heap: await heapMiB(),
      rows: await page.getByTestId('site-row').count(),
      attention: await page.getByTestId('attention-item').count(),
      elements: await page.locator('*').count(),
    });
  await settled();
  await sample('top');
  const started = performance.now();
  for (let step = 1; step <= STEPS; step++) {
    const top = Math.round((step / STEPS) * SITES * ROW_HEIGHT);
    await table.evaluate((element: { scrollTop: number }, scrollTop: number) => {
      element.scrollTop = scrollTop;
    }, top);
    await settled();
    if (step % (STEPS / 10) === 0) await sample(`${(step / STEPS) * 100}%`);
  }
  const scrollMs = performance.now() - started;
  const lastRow = await page.getByTestId('site-row').last().getAttribute('aria-rowindex');

  console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${browser.version()}, ${new Date().toISOString()}, load ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  console.log(`${SITES} sites scrolled end to end in ${STEPS} jumps (${(scrollMs / 1000).toFixed(1)} s, each waiting for its rows); ${windowsAsked} fleet:overview requests; last row shown: ${Number(lastRow) - 1}`);
  console.log('| position | JS heap after GC | site rows in the DOM | attention items in the DOM | elements in the page |');
  console.log('|---|---|---|---|---|');
  for (const { at, heap, rows, attention, elements } of samples) console.log(`| ${at} | ${heap.toFixed(1)} MiB | ${rows} | ${attention} | ${elements} |`);
  await context.close();
} finally {
  await browser.close();
  await shell.close();
  await service.dispose();
  await sim.close();
  await rm(simDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
}
