import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCacheKeyCustody } from '#core/lock/cache-key-custody.ts';
import { logFileIn, LOG_FILES_KEPT } from '#core/logging/file-log.ts';
import { logFilePaths } from '#core/logging/rotating-log-file.ts';
import { createProfileStore } from '#core/profiles/profile-store.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

/** What scenarios read inside the page; the e2e project compiles without DOM types. */
interface PageGlobals {
  centralConsole: { invoke(channel: string, input?: unknown): Promise<{ value: { rows: { clinicName: string }[] } }> };
}

async function readLog(dataDir: string): Promise<string> {
  const texts = await Promise.all(logFilePaths(logFileIn(dataDir), LOG_FILES_KEPT).map((file) => readFile(file, 'utf8').catch(() => '')));
  return texts.join('');
}

// The log a technician would send to support: it says what failed and when, and holds nothing of the
// session, the keys, the password, the fleet's records or what a server echoed back.
test('the log file records failures, sync, lock and unlock, and none of the run\'s secrets or records', async ({ sim, consoleApp }) => {
  const password = passwordOf(sim, 'admin');
  const { page } = await consoleApp.launch();
  await submitSignIn(page, sim, 'admin');
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));

  // What the run's secrets are: the token and the key share from the keychain, the cache key rebuilt as the console does.
  const { profiles } = await createProfileStore(consoleApp.dataDir).list();
  const profile = profiles[0]!;
  const vault = createKeychainVault(consoleApp.keychainService);
  const token = (await vault.get(vaultAccount(profile.origin, profile.userId, 'session-token')))!;
  const share = (await vault.get(vaultAccount(profile.origin, profile.userId, 'cache-key-share')))!.replace(/^2:/, '');
  const cacheFile = path.join(consoleApp.dataDir, 'caches', (await readdir(path.join(consoleApp.dataDir, 'caches'))).find((name) => name.endsWith('.sqlite'))!);
  const owner = { origin: profile.origin, userId: profile.userId, username: 'admin' };
  const cacheKey = await createCacheKeyCustody({ vault }).unseal(owner, cacheFile, password, 7, async (keyHex) => keyHex);
  const overview = await page.evaluate(() => (globalThis as unknown as PageGlobals).centralConsole.invoke('fleet:overview', { limit: 500 }));
  const clinicNames = overview.value.rows.map((site) => site.clinicName);
  expect(clinicNames.length).toBe(sim.siteCount);

  // A 422 that echoes its input, and a 500 with a body: the log gets status and path only.
  const echoed = 'Echoed-Input-7f3a Sunrise Pediatric Dental';
  await fetch(`${sim.controlUrl}/control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/api/dashboard/stats', kind: 'status', status: 422, count: 1, body: { detail: [{ loc: ['query', 'org'], msg: `value is not valid: ${echoed}`, input: echoed }] } }),
  });
  await page.getByRole('button', { name: 'Sync now' }).first().click();
  await expect.poll(() => readLog(consoleApp.dataDir)).toMatch(/"status":422/);

  // Lock, a wrong password (refused by Central Command), then the right one.
  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await submitUnlock(page, `${password}-wrong`);
  await expect(page.getByTestId('unlock-error')).toBeVisible();
  await expect(page.getByTestId('unlock-submit')).toBeEnabled({ timeout: 15_000 });
  await submitUnlock(page, password);
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  const log = await readLog(consoleApp.dataDir);
  const entries = log.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  // What belongs in it.
  expect(entries).toContainEqual(expect.objectContaining({ message: 'Central Command request failed', endpoint: '/api/dashboard/stats', status: 422 }));
  expect(entries).toContainEqual(expect.objectContaining({ message: 'fleet sync finished' }));
  expect(entries).toContainEqual(expect.objectContaining({ message: 'session state changed', state: 'locked' }));
  expect(entries).toContainEqual(expect.objectContaining({ message: 'unlock refused', code: 'invalid-credentials' }));
  expect(entries.filter((entry) => entry.message === 'session state changed' && entry.state === 'signed-in').length).toBeGreaterThanOrEqual(2);
  // What never does.
  const secrets = { password, token, share, cacheKey, echoed: 'Echoed-Input-7f3a', echoedClinic: 'Sunrise Pediatric' };
  for (const [name, secret] of Object.entries(secrets)) expect(log.includes(secret), `the log holds the ${name}`).toBe(false);
  expect(log).not.toMatch(/Bearer|\?token=/i);
  const named = clinicNames.filter((clinic) => log.includes(clinic));
  expect(named, 'clinic names in the log').toEqual([]);
});
