import path from 'node:path';
import type { Page } from '@playwright/test';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import type { RunningSimulator } from '#sim/src/server.ts';
import { contentSecurityPolicy, cspWeaknesses } from '#shared/security/csp.ts';
import { artifactsDir, expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn as signIn, submitUnlock } from '../steps.ts';

/** The page's side of the inline-script probe; the e2e project compiles without DOM types. */
interface InlineProbeGlobals {
  inlineScriptRan?: boolean;
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (event: { effectiveDirective: string; originalPolicy: string }) => void): void;
    createElement(tag: 'script'): { textContent: string };
    head: { append(node: unknown): void };
  };
}

/** What scenarios read inside the page; the e2e project compiles without DOM types. */
interface PageGlobals {
  centralConsole: { invoke(channel: string): Promise<unknown> };
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
  document: { cookie: string; documentElement: { outerHTML: string } };
}

async function expectFullFleet(page: Page, sim: RunningSimulator) {
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  await expect(page.getByRole('table', { name: 'Sites' }).getByTestId('site-row').first()).toBeVisible();
}

test('signs in with TOTP and shows exactly the simulator\'s sites', async ({ sim, consoleApp }, testInfo) => {
  const { page } = await consoleApp.launch();
  await signIn(page, sim, 'alice');
  await page.getByLabel('Authentication code').fill(sim.totp('alice'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expectFullFleet(page, sim);
  await expect(page.getByTestId('connectivity')).toHaveText(/Online/);
  await expect(page.getByTestId('last-synced')).toHaveAttribute('data-synced-at', /\d{4}-\d\d-\d\dT/);
  const file = path.join(artifactsDir, `fleet-view-${testInfo.project.name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach('fleet view', { path: file, contentType: 'image/png' });
});

test('relaunched with Central Command down, unlocks with the password and shows the cached fleet marked offline', async ({ sim, consoleApp }) => {
  const first = await consoleApp.launch();
  await signIn(first.page, sim, 'admin');
  await expectFullFleet(first.page, sim);
  const syncedAt = await first.page.getByTestId('last-synced').getAttribute('data-synced-at');
  expect(syncedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  await first.quit();

  await sim.close();
  const second = await consoleApp.launch();
  // The cache key needs the password: a relaunched console shows nothing of the fleet before it.
  await expect(second.page.getByTestId('lock-screen')).toBeVisible();
  await expect(second.page.getByTestId('site-count')).toHaveCount(0);
  await submitUnlock(second.page, passwordOf(sim, 'admin'));
  await expectFullFleet(second.page, sim);
  await expect(second.page.getByTestId('connectivity')).toHaveText(/Offline/);
  await expect(second.page.getByTestId('last-synced')).toHaveAttribute('data-synced-at', syncedAt!);
  await expect(second.page.getByRole('button', { name: 'Sync now' })).toBeDisabled();
});

test('sign-out removes the session token from the keychain; the token never reaches the page', async ({ sim, consoleApp }, testInfo) => {
  const { page, bridgeTraffic, bridgeTrafficUnavailable } = await consoleApp.launch();
  await signIn(page, sim, 'admin');
  await expectFullFleet(page, sim);

  const me = await page.evaluate(() => (globalThis as unknown as PageGlobals).centralConsole.invoke('session:get'));
  const session = (me as { value: { server: { origin: string }; user: { id: string } } }).value;
  const vault = createKeychainVault(consoleApp.keychainService);
  const account = vaultAccount(session.server.origin, session.user.id, 'session-token');
  const token = await vault.get(account);
  expect(token, 'the session token is in the OS keychain while signed in').toMatch(/^\S{16,}$/);

  // Nothing the renderer can see or store holds it.
  const storage = await page.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    return JSON.stringify({ local: { ...page.localStorage }, session: { ...page.sessionStorage }, cookie: page.document.cookie, html: page.document.documentElement.outerHTML });
  });
  expect(storage).not.toContain(token!);
  if (bridgeTraffic) {
    expect(bridgeTraffic.length).toBeGreaterThan(0);
    expect(bridgeTraffic.join('\n')).not.toContain(token!);
  } else {
    // Said, not silently passed: the report and the log show which search did not run, and why.
    testInfo.annotations.push({ type: 'not searched: bridge traffic', description: bridgeTrafficUnavailable ?? 'no reason given' });
    console.log(`[${testInfo.project.name}] bridge traffic not searched for the token: ${bridgeTrafficUnavailable ?? 'no reason given'}`);
  }

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('site-row')).toHaveCount(0);
  expect(await vault.get(account)).toBeNull();
  await vault.delete(vaultAccount(session.server.origin, session.user.id, 'cache-key'));
});

test('each shell serves its strict content security policy with the page, and the page enforces it: an inline script does not run', async ({ consoleApp }) => {
  const { page } = await consoleApp.launch();
  // The policy as served: the header of the page request itself (a <meta> copy cannot carry frame-ancestors).
  const response = await page.reload();
  expect(response, 'the page request has a response').not.toBeNull();
  const policy = response!.headers()['content-security-policy'] ?? '';
  expect(policy, 'a Content-Security-Policy header on the page response').toMatch(/script-src/);

  // Enforced: a script injected inline into the live page is refused, and the browser names this policy.
  const probe = await page.evaluate(async () => {
    const page = globalThis as unknown as InlineProbeGlobals;
    const violations: string[] = [];
    page.document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.effectiveDirective} by ${event.originalPolicy}`));
    const script = page.document.createElement('script');
    script.textContent = 'globalThis.inlineScriptRan = true;';
    page.document.head.append(script);
    for (let waited = 0; violations.length === 0 && waited < 2_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    return { ran: page.inlineScriptRan === true, violations };
  });
  expect(probe.ran, 'the injected inline script ran').toBe(false);
  expect(probe.violations).toContain(`script-src-elem by ${policy}`);
  const port = Number(new URL(page.url()).port);
  expect(policy).toBe(contentSecurityPolicy(consoleApp.shell === 'web' ? { shell: 'web', port } : { shell: 'electron' }));
  expect(cspWeaknesses(policy)).toEqual([]);
});
