import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openConsoleWindow } from '../chromium.ts';
import { startWebShell, type WebShell } from '../server.ts';
import { findChromium } from '../chromium.ts';
import { APP_INFO, eventSource, fakeHandlers, makeRendererDir, shellParts } from '../test-support.ts';

// The real page script in a real Chromium (Debian's; playwright-core never downloads one here),
// found as the product finds it. Without one the suite is skipped, and says so.
const CHROMIUM = findChromium(process.env);
const HEADLESS_ARGS = ['--headless', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const NO_CHROMIUM = 'no Chromium found (CHROMIUM_PATH, /usr/bin/chromium or chromium on PATH): apt-get install chromium';
if (CHROMIUM === null) console.warn(`bridge page in Chromium skipped: ${NO_CHROMIUM}`);

/** What the stand-in app wrote once its first call settled. */
async function appOutput(page: Page): Promise<string> {
  // A string, because the Node-side tsconfig has no DOM types.
  // Polled from outside the page: waitForFunction would evaluate its predicate inside the page, which
  // the strict CSP (no eval) refuses whenever the first check is not already true.
  const settled = "(() => { const text = document.getElementById('out')?.textContent; return text != null && text !== 'waiting'; })()";
  await expect.poll(() => page.evaluate(settled), { timeout: 15_000 }).toBe(true);
  return (await page.textContent('#out')) ?? '';
}

/** The command lines of every process this user can see, as `ps` or /proc show them to anyone. */
async function allCommandLines(): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      lines.push((await readFile(join('/proc', entry, 'cmdline'), 'utf8')).replaceAll('\0', ' '));
    } catch {
      // The process ended meanwhile.
    }
  }
  return lines;
}

describe.skipIf(CHROMIUM === null)(`bridge page in Chromium${CHROMIUM === null ? ` — skipped: ${NO_CHROMIUM}` : ''}`, () => {
  let root: string;
  let rendererDir: string;
  let browser: Browser;
  const shells: WebShell[] = [];

  async function start() {
    const events = eventSource();
    const { handlers, calls } = fakeHandlers();
    const shell = await startWebShell({ handlers, onEvent: events.onEvent, rendererDir, reconnectGraceMs: 60_000 });
    shells.push(shell);
    return { shell, calls };
  }

  beforeAll(async () => {
    ({ root, rendererDir } = await makeRendererDir());
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', ...HEADLESS_ARGS] });
  });
  afterEach(async () => {
    await Promise.all(shells.splice(0).map((shell) => shell.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('defines window.centralConsole before the app runs, answers invoke, drops the spent code from the address bar and reconnects on reload', async () => {
    const { shell, calls } = await start();
    const page = await browser.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(shell.url);
    expect(await appOutput(page)).toBe(JSON.stringify({ ok: true, value: APP_INFO }));
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(await page.evaluate('location.href')).not.toContain(shellParts(shell.url).launchCode);
    expect(await page.evaluate('document.querySelector("meta[name=central-console-page-secret]") === null')).toBe(true);
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { centralConsole: object }).centralConsole).sort())).toEqual(['invoke', 'on']);
    expect(await page.evaluate(() => (globalThis as unknown as { centralConsole: { invoke(c: string): Promise<unknown> } }).centralConsole.invoke('app:info'))).toEqual({
      ok: true,
      value: APP_INFO,
    });
    expect(cspViolations).toEqual([]);

    await page.reload();
    expect(await appOutput(page)).toBe(JSON.stringify({ ok: true, value: APP_INFO }));
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(calls.length).toBe(3);
    await page.close();
  });

  it('refuses the spent address in a second tab with a page that says so, and the first tab keeps working', async () => {
    const { shell, calls } = await start();
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(shell.url);
    expect(await appOutput(first)).toBe(JSON.stringify({ ok: true, value: APP_INFO }));

    const second = await context.newPage();
    const response = await second.goto(shell.url);
    expect(response?.status()).toBe(410);
    expect(await second.textContent('h1')).toBe('This console address was already used');
    expect(await second.textContent('body')).toContain('start it again');
    expect(await second.evaluate('typeof window.centralConsole')).toBe('undefined');

    const before = calls.length;
    await first.reload();
    expect(await appOutput(first)).toBe(JSON.stringify({ ok: true, value: APP_INFO }));
    expect(calls.length).toBe(before + 1);
    await context.close();
  });

  it('gives a page opened without the launch address no access', async () => {
    const { shell, calls } = await start();
    const page = await browser.newPage();
    await page.goto(`${shell.origin}/`);
    expect(JSON.parse(await appOutput(page))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
    await page.close();
  });

  it('the launcher opens the console without the launch code on any command line', async () => {
    const { shell, calls } = await start();
    const { launchCode } = shellParts(shell.url);
    const window = await openConsoleWindow(CHROMIUM!, shell.url, { runningAsRoot: process.getuid?.() === 0, extraArgs: HEADLESS_ARGS });
    try {
      expect(window.child.spawnargs.join(' ')).not.toContain(launchCode);
      const launchPage = (await readdir(window.profileDir)).find((name) => name.endsWith('.html'));
      expect(launchPage).toBeDefined();
      expect((await stat(join(window.profileDir, launchPage!))).mode & 0o077).toBe(0);
      // The stand-in app's first call arrives once Chromium followed the launch page and the bridge connected.
      await vi.waitFor(() => expect(calls.map((call) => call.channel)).toContain('app:info'), { timeout: 20_000, interval: 100 });
      const chromiumLines = (await allCommandLines()).filter((line) => line.includes(window.profileDir));
      expect(chromiumLines.length).toBeGreaterThan(0);
      for (const line of chromiumLines) expect(line).not.toContain(launchCode);
    } finally {
      await window.close();
    }
    expect(existsSync(window.profileDir)).toBe(false);
  });
});
