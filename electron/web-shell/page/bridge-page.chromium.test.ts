import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebShell, type WebShell } from '../server.ts';
import { findChromium } from '../chromium.ts';
import { APP_INFO, eventSource, fakeHandlers, makeRendererDir, shellParts } from '../test-support.ts';

// The real page script in a real Chromium (Debian's; playwright-core never downloads one here),
// found as the product finds it. Without one the suite is skipped, and says so.
const CHROMIUM = findChromium(process.env);
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

describe.skipIf(CHROMIUM === null)(`bridge page in Chromium${CHROMIUM === null ? ` — skipped: ${NO_CHROMIUM}` : ''}`, () => {
  let root: string;
  let rendererDir: string;
  let browser: Browser;
  let shell: WebShell;
  const events = eventSource();
  const { handlers, calls } = fakeHandlers();

  beforeAll(async () => {
    ({ root, rendererDir } = await makeRendererDir());
    shell = await startWebShell({ handlers, onEvent: events.onEvent, rendererDir, reconnectGraceMs: 60_000 });
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('defines window.centralConsole before the app runs, answers invoke, and drops the fragment from the address bar', async () => {
    const page = await browser.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(shell.url);
    expect(await appOutput(page)).toBe(JSON.stringify({ ok: true, value: APP_INFO }));
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(await page.evaluate('location.href')).not.toContain(shellParts(shell.url).secret);
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

  it('gives a page opened without the secret no access', async () => {
    const page = await browser.newPage();
    const before = calls.length;
    await page.goto(`${shell.origin}/`);
    expect(JSON.parse(await appOutput(page))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls.length).toBe(before);
    await page.close();
  });
});
