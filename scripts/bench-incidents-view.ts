// `npm run bench -- incidents-view`: the incidents view in Chromium, the way a technician uses it.
// The real renderer (build/renderer) in Debian's Chromium over the web shell, core and the simulator
// over loopback TLS. Measures, with 1k and then 1M incidents in the encrypted cache:
//   - IPC + render of a window: the list jumped to a random row (as dragging the scrollbar does), until
//     that row is drawn from core's answer (not a placeholder);
//   - where a jump's time went, hop by hop: the page's socket frames (an init script, bench only), core's
//     handler (wrapped here), the row's DOM commit (a MutationObserver) and the next animation frame;
//   - the renderer's JS heap after garbage collection, with the list open and scrolled.
// CC_BENCH_VIEW_BASELINE=<dir of another build/renderer> measures that build beside this one on the same
// console and cache, the jumps interleaved (A/B under the same load). CC_BENCH_VIEW_INCIDENTS sets the
// big size (default 1,000,000), CC_BENCH_VIEW_JUMPS the jumps per build and size (default 40).
// The 1M cache is the 1k cache the console synced, bulk-loaded with 999k more rows (filled inside SQLite,
// as the incident benches do), then opened offline (simulator stopped) so no sync reconciles them away.
// CC_BENCH_VIEW_KEEP=<dir> keeps the bulk-loaded profile there (its data directory, and its password and
// keychain entries in <dir>/kept.json, mode 0600: the throwaway D-Bus session forgets the keychain), and a
// later run with the same dir measures the big phase on it instead of bulk-loading again. The secrets are
// a simulator's throwaway user's and the bench's own cache key; keep the dir under /tmp, for benches only.
// Needs `node scripts/build.mjs` first. Prints Markdown for docs/BENCHMARKS.md.
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
import { startWebShell } from '../electron/web-shell/server.ts';
import { findChromium } from '../electron/web-shell/chromium.ts';
import { addIncidents } from './lib/incident-bulk-fill.ts';

const SMALL = 1_000;
const BIG = Number(process.env.CC_BENCH_VIEW_INCIDENTS ?? 1_000_000);
/** Jumps per build and size (CC_BENCH_VIEW_JUMPS): more jumps, steadier medians on a loaded machine. */
const JUMPS = Number(process.env.CC_BENCH_VIEW_JUMPS ?? 40);
const ROW_HEIGHT = 32;
/** The incident list's window (renderer/src/features/incidents/incidents-store.ts). */
const WINDOW_SIZE = 100;
const repoRoot = path.resolve(import.meta.dirname, '..');
const rendererDir = path.join(repoRoot, 'build', 'renderer');
/** Another renderer build (e.g. the main branch's build/renderer, copied aside) to measure beside this one, interleaved. */
const baselineDir = process.env.CC_BENCH_VIEW_BASELINE ?? null;
const renderers = [{ name: 'this', dir: rendererDir }, ...(baselineDir ? [{ name: 'baseline', dir: baselineDir }] : [])];
/** CC_BENCH_VIEW_PROFILE=<path prefix>: a CPU profile of this build's page during the jumps (<prefix>-<size>.cpuprofile). */
const profileFile = process.env.CC_BENCH_VIEW_PROFILE ?? null;
const loadAtStart = os.loadavg().map((n) => n.toFixed(1)).join(' ');

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

await stat(path.join(rendererDir, 'index.html')).catch(() => {
  throw new Error('build/renderer is missing: run `node scripts/build.mjs` first');
});
const executablePath = findChromium(process.env);
if (executablePath === null) throw new Error("Debian's chromium is not installed: apt-get install chromium");

const work = await mkdtemp(path.join(os.tmpdir(), 'cc-bench-view-'));
/** The small phase's console; the big phase's too, unless a kept profile is reused. */
const dataDir = path.join(work, 'console');
const keychainService = `central-console-bench-view-${process.pid}`;
const sim = await startSimulator({ seed: 3, sites: 300, incidents: SMALL, incidentActivity: false, dataDir: path.join(work, 'sim'), port: 0, controlPort: 0 });
const password = sim.users.find((user) => user.username === 'admin')!.password;

/** A bulk-loaded profile kept for later runs (CC_BENCH_VIEW_KEEP): what its console needs to unlock it again. */
interface KeptProfile {
  incidents: number;
  password: string;
  /** Keychain account → secret, as the console sealed them. */
  keychain: Record<string, string>;
}
const keepDir = process.env.CC_BENCH_VIEW_KEEP ?? null;
const keptFile = keepDir ? path.join(keepDir, 'kept.json') : null;
const kept = keptFile ? await readFile(keptFile, 'utf8').then((text) => JSON.parse(text) as KeptProfile, () => null) : null;
if (kept && kept.incidents !== BIG) throw new Error(`${keptFile} holds ${kept.incidents} incidents, not ${BIG}: use another CC_BENCH_VIEW_KEEP dir`);
/** Where the big phase's console lives: the kept dir when keeping, else the small phase's. */
const bigDataDir = keepDir ? path.join(keepDir, 'console') : dataDir;
const KEPT_KINDS: VaultSecretKind[] = ['session-token', 'cache-key', 'cache-key-share', 'durable-key'];
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });

/** What the page-side functions use of the page (this script is typed for Node, without the DOM library). */
interface PageElement {
  scrollTop: number;
  querySelector(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null };
  MutationObserver: new (callback: () => void) => { observe(target: PageElement, options: object): void; disconnect(): void };
  __frames: FrameSpan[];
  requestAnimationFrame(callback: () => void): number;
  centralConsole: { invoke(channel: string, input?: unknown): Promise<{ ok: boolean }> };
}

/** A window jump split into its hops (ms). */
interface Hops {
  /** Scroll position set → the window's invoke frame leaves the page: scroll event, React, the list's effect. */
  scrollToSend: number;
  /** → core's handler starts: WebSocket, frame check, dispatcher's input parse (clocks of two processes: ±1 ms). */
  sendToCore: number;
  /** Core's handler: state gate, the cache worker round trip and its SQL. */
  core: number;
  /** → the result frame arrives in the page: output parse, JSON, WebSocket. */
  coreToPage: number;
  /** → the row is in the DOM: the bridge, the store, React's render and commit. */
  pageToCommit: number;
  /** → the row is seen on a frame (style, layout, paint; polled each animation frame). */
  commitToDrawn: number;
}

interface Measured {
  /** Which renderer build: this checkout's, or the baseline's. */
  renderer: string;
  incidents: number;
  rowsShown: number;
  windowMs: number[];
  hops: Hops[];
  /** The same windows asked over the bridge alone (IPC + core + zod), without the list drawing them. */
  ipcMs: number[];
  heapBytes: number;
}

/** When core's `incidents:query` handler ran for a window (epoch ms, sub-ms: the page's clock reads the same). */
interface HandlerSpan {
  offset: number;
  started: number;
  ended: number;
}
const epochNow = () => performance.timeOrigin + performance.now();

/** One renderer build's page on its own web shell; all pages share one console (core, its cache). */
interface ConsolePage {
  renderer: string;
  page: Page;
}

async function launchConsole(browser: Browser, renderers: readonly { name: string; dir: string }[], consoleDir: string) {
  const log = createFileLog({ dataDir: consoleDir });
  const service = await createConsoleService({ log, dataDir: consoleDir, shell: 'web', appVersion: 'bench', platform: process.platform, keychainService, syncIntervalSeconds: 600 });
  await service.start();
  // Core's part of each window (state gate, handler, cache worker round trip, SQL), timed from outside the product.
  const handlerSpans: HandlerSpan[] = [];
  const query = service.handlers['incidents:query'];
  const handlers: typeof service.handlers = {
    ...service.handlers,
    'incidents:query': async (input) => {
      const started = epochNow();
      const answer = await query(input);
      handlerSpans.push({ offset: 'offset' in input.window ? input.window.offset : -1, started, ended: epochNow() });
      return answer;
    },
  };
  const opened: { shell: Awaited<ReturnType<typeof startWebShell>>; context: Awaited<ReturnType<Browser['newContext']>>; page: ConsolePage }[] = [];
  for (const renderer of renderers) {
    const shell = await startWebShell({ handlers, onEvent: (listener) => service.onEvent(listener), rendererDir: renderer.dir, log });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(recordBridgeFrames);
    const page = await context.newPage();
    await page.goto(shell.url);
    opened.push({ shell, context, page: { renderer: renderer.name, page } });
  }
  return {
    pages: opened.map((entry) => entry.page),
    handlerSpans,
    async quit() {
      for (const { context, shell } of opened) {
        await context.close();
        await shell.close();
      }
      await service.dispose();
      log.close();
    },
  };
}

/** A window request as the page's socket saw it: when its invoke frame left and its result arrived. */
interface FrameSpan {
  id: number;
  offset: number;
  sent: number;
  received: number | null;
}

/**
 * Runs in the page before its scripts: notes when each `incidents:query` invoke frame leaves the
 * socket and when its result frame arrives (before the bridge's own handler sees it). Bench only;
 * the product has no such hook.
 */
function recordBridgeFrames() {
  const g = globalThis as unknown as { WebSocket: new (url: string) => { send(data: string): void; addEventListener(type: string, listener: (event: { data: unknown }) => void): void }; __frames: FrameSpan[] };
  const Native = g.WebSocket;
  const frames: FrameSpan[] = (g.__frames = []);
  const byId = new Map<number, FrameSpan>();
  const now = () => performance.timeOrigin + performance.now();
  g.WebSocket = class extends (Native as unknown as new (url: string) => object) {
    constructor(url: string) {
      super(url);
      const socket = this as unknown as { send(data: string): void; addEventListener(type: string, listener: (event: { data: unknown }) => void): void };
      const send = socket.send.bind(socket);
      socket.send = (data: string) => {
        if (data.includes('"incidents:query"')) {
          const frame = JSON.parse(data) as { id: number; input: { window: { offset?: number } } };
          const span: FrameSpan = { id: frame.id, offset: frame.input.window.offset ?? -1, sent: now(), received: null };
          frames.push(span);
          byId.set(frame.id, span);
        }
        send(data);
      };
      socket.addEventListener('message', (event) => {
        const id = /^\{"type":"result","id":(\d+)/.exec(String(event.data))?.[1];
        const span = id === undefined ? undefined : byId.get(Number(id));
        if (span) span.received = now();
      });
    }
  } as unknown as typeof g.WebSocket;
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

/** One window jump, in the page's epoch clock: scrolled, the target row in the DOM (commit), and seen on a frame. */
interface Jump {
  target: number;
  scrolled: number;
  committed: number;
  drawn: number;
}

/** Jumps the list to a row and times it until that row is drawn from core's answer. */
function jumpTo(page: Page, target: number): Promise<Jump> {
  return page.evaluate(
        ([index, rowHeight]) =>
          new Promise<Jump>((resolve, reject) => {
            const { document, requestAnimationFrame, MutationObserver } = globalThis as unknown as PageGlobals;
            const now = () => performance.timeOrigin + performance.now();
            const table = document.querySelector('[data-testid="incident-table"]')!;
            const selector = `[aria-rowindex="${index + 2}"][data-incident-id]`;
            let committed: number | null = null;
            // The DOM change that puts the row in: React's commit (observers run right after it, before paint).
            const observer = new MutationObserver(() => {
              if (committed === null && table.querySelector(selector)) committed = now();
            });
            observer.observe(table, { childList: true, subtree: true, attributes: true });
            const scrolled = now();
            table.scrollTop = index * rowHeight;
            const check = () => {
              if (table.querySelector(selector)) {
                observer.disconnect();
                const drawn = now();
                resolve({ target: index, scrolled, committed: committed ?? drawn, drawn });
              } else if (now() - scrolled > 10_000) reject(new Error(`row ${index} not drawn in 10 s`));
              else requestAnimationFrame(check);
            };
            check();
          }),
        [target, ROW_HEIGHT] as const,
      );
}

/** Where each jump's time went: the window holding the target row, its frames and core's span matched by offset. */
function splitJumps(jumps: Jump[], frames: FrameSpan[], spans: HandlerSpan[]): Hops[] {
  const split: Hops[] = [];
  for (const jump of jumps) {
    const offset = Math.floor(jump.target / WINDOW_SIZE) * WINDOW_SIZE;
    const frame = frames.find((candidate) => candidate.offset === offset && candidate.sent >= jump.scrolled && candidate.received !== null && candidate.received <= jump.committed);
    const span = frame ? spans.find((candidate) => candidate.offset === offset && candidate.started >= frame.sent - 2 && candidate.ended <= frame.received! + 2) : undefined;
    // A window already held (a jump near the last one) sends nothing: only the render hops apply.
    if (!frame || !span) continue;
    split.push({
      scrollToSend: frame.sent - jump.scrolled,
      sendToCore: span.started - frame.sent,
      core: span.ended - span.started,
      coreToPage: frame.received! - span.ended,
      pageToCommit: jump.committed - frame.received!,
      commitToDrawn: jump.drawn - jump.committed,
    });
  }
  return split;
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

/**
 * Every page opens the list, then the pages take turns: jump i goes to the same random row on each,
 * so each build sees the same rows under the same load. Then each page's bridge alone and its heap.
 */
async function measure(app: { pages: ConsolePage[]; handlerSpans: HandlerSpan[] }, expectAtLeast: number): Promise<Measured[]> {
  let incidents = 0;
  for (const { page } of app.pages) incidents = await openIncidentsView(page, expectAtLeast);
  const jumps = app.pages.map(() => [] as Jump[]);
  const profiler = profileFile ? await app.pages[0]!.page.context().newCDPSession(app.pages[0]!.page) : null;
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.start');
  for (let jump = 0; jump < JUMPS; jump++) {
    const target = Math.floor(Math.random() * Math.max(1, incidents - 30));
    for (const [index, { page }] of app.pages.entries()) jumps[index]!.push(await jumpTo(page, target));
  }
  if (profiler && profileFile) {
    const { profile } = await profiler.send('Profiler.stop');
    await writeFile(`${profileFile}-${incidents}.cpuprofile`, JSON.stringify(profile));
    await profiler.detach();
  }
  const measured: Measured[] = [];
  for (const [index, { renderer, page }] of app.pages.entries()) {
    const frames = await page.evaluate(() => (globalThis as unknown as PageGlobals).__frames);
    const ipcMs = await timeIpcWindows(page, incidents);
    const rowsShown = await page.getByTestId('incident-row').count();
    const mine = jumps[index]!;
    measured.push({ renderer, incidents, rowsShown, windowMs: mine.map((jump) => jump.drawn - jump.scrolled), hops: splitJumps(mine, frames, app.handlerSpans), ipcMs, heapBytes: await heapAfterGc(page) });
  }
  return measured;
}

/**
 * 999k more rows in the profile's own cache file, opened with the key the password unseals (which proves
 * the key and migrates the file), then closed and filled inside SQLite through the first sync's bulk path
 * (scripts/lib/incident-bulk-fill.ts): 25 s apart from 300 days ago, over 300 sites the fleet does not
 * list, eight check types, `164.312(b)` on every even row.
 */
async function bulkLoad(count: number) {
  const profiles = createProfileStore(dataDir);
  const profile = (await profiles.list()).profiles[0]!;
  const cacheFile = profiles.cacheFileFor(profile);
  const custody = createCacheKeyCustody({ vault: createKeychainVault(keychainService) });
  let keyHex = '';
  const cache = await custody.unseal(profile, cacheFile, password, 7, (unsealed) => ((keyHex = unsealed), openCache({ file: cacheFile, keyHex: unsealed, existingOnly: true })));
  await cache.close();
  await addIncidents(cacheFile, keyHex, count, { startSeconds: Date.now() / 1000 - 300 * 86_400, secondsApart: 25, sitePrefix: 'bulk-site-', checkTypes: 8, controls: 'one-of-two' });
}

async function profileAccounts(dir: string): Promise<string[]> {
  const profiles = (await createProfileStore(dir).list()).profiles;
  return profiles.flatMap((profile) => KEPT_KINDS.map((kind) => vaultAccount(profile.origin, profile.userId, kind)));
}

async function forgetKeychain(dir: string) {
  const vault = createKeychainVault(keychainService);
  for (const account of await profileAccounts(dir)) await vault.delete(account);
}

/** Moves the bulk-loaded profile into the kept dir and notes its secrets, so a later run skips the bulk load. */
async function keepProfile(incidents: number) {
  if (!keepDir || !keptFile) return;
  await mkdir(keepDir, { recursive: true });
  await rm(bigDataDir, { recursive: true, force: true });
  await cp(dataDir, bigDataDir, { recursive: true });
  const vault = createKeychainVault(keychainService);
  const keychain: Record<string, string> = {};
  for (const account of await profileAccounts(bigDataDir)) {
    const secret = await vault.get(account);
    if (secret !== null) keychain[account] = secret;
  }
  await writeFile(keptFile, JSON.stringify({ incidents, password, keychain } satisfies KeptProfile), { mode: 0o600 });
}

/** Puts a kept profile's keychain entries into this run's keychain. */
async function restoreKeychain(profile: KeptProfile) {
  const vault = createKeychainVault(keychainService);
  for (const [account, secret] of Object.entries(profile.keychain)) await vault.set(account, secret);
}

try {
  const small = await (async () => {
    const app = await launchConsole(browser, renderers, dataDir);
    const first = app.pages[0]!.page;
    await first.getByLabel('Server URL').fill(sim.url);
    await first.getByLabel('CA certificate file').fill(sim.caFile);
    await first.getByLabel('Username').fill('admin');
    await first.getByLabel('Password').fill(password);
    await first.getByRole('button', { name: 'Sign in' }).click();
    // The other pages follow the session through session:changed.
    for (const { page } of app.pages) await page.getByTestId('site-count').waitFor({ timeout: 60_000 });
    try {
      return await measure(app, SMALL * 0.9);
    } finally {
      await app.quit();
    }
  })();

  const loadStarted = Date.now();
  if (kept) await restoreKeychain(kept);
  else {
    await bulkLoad(BIG - small[0]!.incidents);
    await keepProfile(BIG);
  }
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  // Offline from here: no sync may reconcile the bulk rows away before they are measured.
  await sim.close();

  const big = await (async () => {
    const app = await launchConsole(browser, renderers, bigDataDir);
    const first = app.pages[0]!.page;
    await first.getByTestId('unlock-password').fill(kept?.password ?? password);
    await first.getByTestId('unlock-submit').click();
    for (const { page } of app.pages) await page.getByTestId('site-count').waitFor({ timeout: 60_000 });
    try {
      return await measure(app, BIG * 0.99);
    } finally {
      await app.quit();
    }
  })();

  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const size = (m: Measured) => `${m.incidents.toLocaleString('en-US')}${renderers.length > 1 ? `, ${m.renderer}` : ''}`;
  const line = (m: Measured) =>
    `| ${size(m)} | ${percentile(m.windowMs, 50).toFixed(1)} / ${percentile(m.windowMs, 95).toFixed(1)} / ${Math.max(...m.windowMs).toFixed(1)} ms | ${percentile(m.ipcMs, 50).toFixed(1)} / ${percentile(m.ipcMs, 95).toFixed(1)} ms | ${mb(m.heapBytes)} | ${m.rowsShown} |`;
  const hopNames: (keyof Hops)[] = ['scrollToSend', 'sendToCore', 'core', 'coreToPage', 'pageToCommit', 'commitToDrawn'];
  const hopLine = (m: Measured) => `| ${size(m)} | ${m.hops.length} | ${hopNames.map((hop) => `${percentile(m.hops.map((h) => h[hop]), 50).toFixed(1)} / ${percentile(m.hops.map((h) => h[hop]), 95).toFixed(1)}`).join(' | ')} |`;
  console.log(`Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${loadAtStart} at the start, ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} at the end, ${new Date().toISOString()}`);
  console.log(`Chromium: ${browser.version()}; ${kept ? `the bulk-loaded profile kept in ${keepDir} reused` : `bulk load of ${(BIG - small[0]!.incidents).toLocaleString('en-US')} rows: ${loadSeconds.toFixed(1)} s`}`);
  if (baselineDir) console.log(`Renderers: "this" = ${rendererDir}, "baseline" = ${baselineDir}; each jump went to the same row on both, in turn.`);
  console.log(`\n| cached incidents | window jump → row drawn (IPC + render) p50 / p95 / max, ${JUMPS} random jumps | the window over the bridge alone p50 / p95 | renderer JS heap after GC | rows in the DOM |\n|---|---|---|---|---|`);
  for (const m of [...small, ...big]) console.log(line(m));
  console.log(`\n| cached incidents | jumps that fetched | scroll → request sent | → core handler starts | core (gate, worker, SQL) | → answer in the page | → row in the DOM (React commit) | → row on a frame |\n|---|---|---|---|---|---|---|---|`);
  for (const m of [...small, ...big]) console.log(hopLine(m));
  console.log(`\nHeap ratio 1M / 1k (this build): ${(big[0]!.heapBytes / small[0]!.heapBytes).toFixed(2)}× (target < 1.2×)`);
} finally {
  await browser.close();
  await sim.close().catch(() => undefined);
  await forgetKeychain(dataDir).catch(() => undefined);
  if (bigDataDir !== dataDir) await forgetKeychain(bigDataDir).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}
