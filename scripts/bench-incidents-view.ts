// `npm run bench -- incidents-view`: the incidents view in Chromium, the way a technician uses it.
// The real renderer (build/renderer) in Debian's Chromium over the web shell, core and the simulator
// over loopback TLS. Measures, with 1k and then 1M incidents in the encrypted cache:
//   - IPC + render of a window: the list jumped to a random row (as dragging the scrollbar does), until
//     that row is drawn from core's answer (not a placeholder);
//   - the renderer's JS heap after garbage collection, with the list open and scrolled.
// The 1M cache is the 1k cache the console synced, bulk-loaded with 999k more rows (writeIncidents,
// as the incident bench does), then opened offline (simulator stopped) so no sync reconciles them away.
// Needs `node scripts/build.mjs` first. Prints Markdown for docs/BENCHMARKS.md.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSimulator } from '#sim/src/server.ts';
import { createConsoleService } from '#core/console-service.ts';
import { openCache } from '#core/cache/cache-client.ts';
import { createFileLog } from '#core/logging/file-log.ts';
import { createCacheKeyCustody } from '#core/lock/cache-key-custody.ts';
import { createProfileStore } from '#core/profiles/profile-store.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount, type VaultSecretKind } from '#core/vault/accounts.ts';
import type { IncidentRecord } from '#core/incidents/incident-records.ts';
import { startWebShell } from '../electron/web-shell/server.ts';
import { findChromium } from '../electron/web-shell/chromium.ts';

const SMALL = 1_000;
const BIG = Number(process.env.CC_BENCH_VIEW_INCIDENTS ?? 1_000_000);
const JUMPS = 40;
const ROW_HEIGHT = 32;
const repoRoot = path.resolve(import.meta.dirname, '..');
const rendererDir = path.join(repoRoot, 'build', 'renderer');

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

await stat(path.join(rendererDir, 'index.html')).catch(() => {
  throw new Error('build/renderer is missing: run `node scripts/build.mjs` first');
});
const executablePath = findChromium(process.env);
if (executablePath === null) throw new Error("Debian's chromium is not installed: apt-get install chromium");

const work = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-view-'));
const dataDir = path.join(work, 'console');
const keychainService = `central-console-bench-view-${process.pid}`;
const sim = await startSimulator({ seed: 3, sites: 300, incidents: SMALL, incidentActivity: false, dataDir: path.join(work, 'sim'), port: 0, controlPort: 0 });
const password = sim.users.find((user) => user.username === 'admin')!.password;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });

/** What the page-side functions use of the page (this script is typed for Node, without the DOM library). */
interface PageElement {
  scrollTop: number;
  querySelector(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null };
  requestAnimationFrame(callback: () => void): number;
  centralConsole: { invoke(channel: string, input?: unknown): Promise<{ ok: boolean }> };
}

interface Measured {
  incidents: number;
  rowsShown: number;
  windowMs: number[];
  /** The same windows asked over the bridge alone (IPC + core + zod), without the list drawing them. */
  ipcMs: number[];
  heapBytes: number;
}

async function launchConsole(browser: Browser) {
  const log = createFileLog({ dataDir });
  const service = await createConsoleService({ log, dataDir, shell: 'web', appVersion: 'bench', platform: process.platform, keychainService, syncIntervalSeconds: 600 });
  await service.start();
  const shell = await startWebShell({ handlers: service.handlers, onEvent: (listener) => service.onEvent(listener), rendererDir, log });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(shell.url);
  return {
    page,
    async quit() {
      await context.close();
      await shell.close();
      await service.dispose();
      log.close();
    },
  };
}

async function openIncidentsView(page: Page, expectAtLeast: number): Promise<number> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Incidents' }).click();
  await page.getByTestId('incident-row').first().waitFor({ timeout: 120_000 });
  const count = page.getByTestId('incident-count');
  // The incident sync may still be writing: wait for the cache to hold what this run expects.
  await page.waitForFunction(
    (least) => Number((globalThis as unknown as PageGlobals).document.querySelector('[data-testid="incident-count"]')?.getAttribute('data-count') ?? 0) >= least,
    expectAtLeast,
    { timeout: 300_000 },
  );
  return Number(await count.getAttribute('data-count'));
}

/** Jumps the list to random rows and times each until that row is drawn from core's answer. */
async function timeWindowJumps(page: Page, rows: number): Promise<number[]> {
  const samples: number[] = [];
  for (let jump = 0; jump < JUMPS; jump++) {
    const target = Math.floor(Math.random() * Math.max(1, rows - 30));
    samples.push(
      await page.evaluate(
        ([index, rowHeight]) =>
          new Promise<number>((resolve, reject) => {
            const { document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
            const table = document.querySelector('[data-testid="incident-table"]')!;
            const started = performance.now();
            table.scrollTop = index * rowHeight;
            const check = () => {
              const row = table.querySelector(`[aria-rowindex="${index + 2}"][data-incident-id]`);
              if (row) resolve(performance.now() - started);
              else if (performance.now() - started > 10_000) reject(new Error(`row ${index} not drawn in 10 s`));
              else requestAnimationFrame(check);
            };
            check();
          }),
        [target, ROW_HEIGHT] as const,
      ),
    );
  }
  return samples;
}

async function timeIpcWindows(page: Page, rows: number): Promise<number[]> {
  const offsets = Array.from({ length: JUMPS }, () => Math.floor(Math.random() * Math.max(1, rows - 100)));
  return page.evaluate(async (windows) => {
    const bridge = (globalThis as unknown as PageGlobals).centralConsole;
    const samples: number[] = [];
    for (const offset of windows) {
      const started = performance.now();
      const answer = await bridge.invoke('incidents:query', { filters: {}, search: '', sortBy: 'createdAt', sortDir: 'desc', window: { offset }, limit: 100 });
      if (!answer.ok) throw new Error(`incidents:query at offset ${offset} failed`);
      samples.push(performance.now() - started);
    }
    return samples;
  }, offsets);
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  for (let pass = 0; pass < 3; pass++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

async function measure(page: Page, expectAtLeast: number): Promise<Measured> {
  const incidents = await openIncidentsView(page, expectAtLeast);
  const windowMs = await timeWindowJumps(page, incidents);
  const ipcMs = await timeIpcWindows(page, incidents);
  const rowsShown = await page.getByTestId('incident-row').count();
  return { incidents, rowsShown, windowMs, ipcMs, heapBytes: await heapAfterGc(page) };
}

/** 999k more rows in the profile's own cache file, opened with the key the password unseals. */
async function bulkLoad(count: number) {
  const profiles = createProfileStore(dataDir);
  const profile = (await profiles.list()).profiles[0]!;
  const cacheFile = profiles.cacheFileFor(profile);
  const custody = createCacheKeyCustody({ vault: createKeychainVault(keychainService) });
  const cache = await custody.unseal(profile, cacheFile, password, 7, (keyHex) => openCache({ file: cacheFile, keyHex, existingOnly: true }));
  const checks = ['patching', 'antivirus', 'backup', 'firewall', 'encryption', 'logging', 'disk_space', 'service_health'];
  const start = Date.now() - 300 * 86_400_000;
  const batch = 20_000;
  try {
    for (let from = 0; from < count; from += batch) {
      const rows: IncidentRecord[] = [];
      for (let index = from; index < Math.min(count, from + batch); index++) {
        const resolved = index % 17 !== 0;
        rows.push({
          id: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
          siteId: `bulk-site-${index % 300}`,
          checkType: checks[index % checks.length]!,
          severity: ['critical', 'high', 'medium', 'low', 'medium', 'low'][index % 6]!,
          level: ['L1', 'L1', 'L1', 'L2', 'L3', 'none'][index % 6]!,
          resolved,
          resolvedAt: resolved ? new Date(start + index * 25_000 + 60_000).toISOString() : null,
          createdAt: new Date(start + index * 25_000).toISOString(),
          hipaaControls: index % 2 === 0 ? ['164.312(b)'] : ['164.308(a)(5)(ii)(B)'],
          remediationAttempts: index % 4,
          remediationExhausted: index % 9 === 0,
        });
      }
      await cache.writeIncidents({ rows, now: new Date().toISOString() });
    }
  } finally {
    await cache.close();
  }
}

async function forgetKeychain() {
  const vault = createKeychainVault(keychainService);
  const kinds: VaultSecretKind[] = ['session-token', 'cache-key', 'cache-key-share', 'durable-key'];
  for (const profile of (await createProfileStore(dataDir).list()).profiles) for (const kind of kinds) await vault.delete(vaultAccount(profile.origin, profile.userId, kind));
}

try {
  const small = await (async () => {
    const app = await launchConsole(browser);
    await app.page.getByLabel('Server URL').fill(sim.url);
    await app.page.getByLabel('CA certificate file').fill(sim.caFile);
    await app.page.getByLabel('Username').fill('admin');
    await app.page.getByLabel('Password').fill(password);
    await app.page.getByRole('button', { name: 'Sign in' }).click();
    await app.page.getByTestId('site-count').waitFor({ timeout: 60_000 });
    try {
      return await measure(app.page, SMALL * 0.9);
    } finally {
      await app.quit();
    }
  })();

  const loadStarted = Date.now();
  await bulkLoad(BIG - small.incidents);
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  // Offline from here: no sync may reconcile the bulk rows away before they are measured.
  await sim.close();

  const big = await (async () => {
    const app = await launchConsole(browser);
    await app.page.getByTestId('unlock-password').fill(password);
    await app.page.getByTestId('unlock-submit').click();
    await app.page.getByTestId('site-count').waitFor({ timeout: 60_000 });
    try {
      return await measure(app.page, BIG * 0.99);
    } finally {
      await app.quit();
    }
  })();

  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const line = (m: Measured) =>
    `| ${m.incidents.toLocaleString('en-US')} | ${percentile(m.windowMs, 50).toFixed(1)} / ${percentile(m.windowMs, 95).toFixed(1)} / ${Math.max(...m.windowMs).toFixed(1)} ms | ${percentile(m.ipcMs, 50).toFixed(1)} / ${percentile(m.ipcMs, 95).toFixed(1)} ms | ${mb(m.heapBytes)} | ${m.rowsShown} |`;
  console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}`);
  console.log(`Chromium: ${browser.version()}; bulk load of ${(BIG - small.incidents).toLocaleString('en-US')} rows: ${loadSeconds.toFixed(1)} s`);
  console.log(`\n| cached incidents | window jump → row drawn (IPC + render) p50 / p95 / max, ${JUMPS} random jumps | the window over the bridge alone p50 / p95 | renderer JS heap after GC | rows in the DOM |\n|---|---|---|---|---|`);
  console.log(line(small));
  console.log(line(big));
  console.log(`\nHeap ratio 1M / 1k: ${(big.heapBytes / small.heapBytes).toFixed(2)}× (target < 1.2×)`);
} finally {
  await browser.close();
  await sim.close().catch(() => undefined);
  await forgetKeychain().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}
