import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { offlineUnlockPaths } from '#core/lock/cache-key-custody.ts';
import { bindCredential } from '#core/lock/credential-binding.ts';
import { createOfflineCredential } from '#core/lock/offline-verifier.ts';
import { keyCheckPath } from '#core/cache/key-check.ts';
import { createProfileStore } from '#core/profiles/profile-store.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { generateCacheKeyHex, vaultAccount } from '#core/vault/accounts.ts';
import { artifactsDir, expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

// Someone at the laptop who can write the console's data folder (and, on Linux, read its keychain)
// but does not know the password, with Central Command out of reach: every way they try through the
// lock screen is refused, and nothing in the data folder is moved aside or created.

async function cacheFolder(dataDir: string): Promise<{ folder: string; cacheFile: string; owner: { origin: string; userId: string } }> {
  const folder = path.join(dataDir, 'caches');
  const cacheFile = path.join(folder, (await readdir(folder)).find((name) => name.endsWith('.sqlite'))!);
  const { profiles } = await createProfileStore(dataDir).list();
  return { folder, cacheFile, owner: { origin: profiles[0]!.origin, userId: profiles[0]!.userId } };
}

async function refusedAtLockScreen(page: Page, password: string, reason: RegExp) {
  // Each refusal costs a growing wait; the lock screen counts it down with the button disabled.
  await expect(page.getByTestId('unlock-submit')).toBeEnabled({ timeout: 15_000 });
  await submitUnlock(page, password);
  await expect(page.getByTestId('unlock-error')).toContainText(reason);
  await expect(page.getByTestId('lock-screen')).toBeVisible();
}

test('a forged offline sign-in is refused at the lock screen and changes nothing', async ({ sim, consoleApp }, testInfo) => {
  const { page } = await consoleApp.launch();
  await submitSignIn(page, sim, 'admin');
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  const clinicShown = (await page.getByRole('row').nth(1).getByRole('cell').first().innerText()).trim();
  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await sim.close();

  const { folder, cacheFile, owner } = await cacheFolder(consoleApp.dataDir);
  const share = await createKeychainVault(consoleApp.keychainService).get(vaultAccount(owner.origin, owner.userId, 'cache-key-share'));
  const forged = bindCredential(await createOfflineCredential('Forged!Password1', generateCacheKeyHex()), owner, share!.replace(/^2:/, ''));
  await writeFile(offlineUnlockPaths(cacheFile).credential, JSON.stringify(forged));
  const filesBefore = (await readdir(folder)).filter((name) => !name.endsWith('.unlock-throttle.json')).sort();
  const cacheBefore = await readFile(cacheFile);

  await refusedAtLockScreen(page, 'Forged!Password1', /does not open the local data/);
  await page.screenshot({ path: path.join(artifactsDir, `lock-refused-${testInfo.project.name}.png`) });
  expect(await page.content()).not.toContain(clinicShown);
  expect((await readdir(folder)).filter((name) => !name.endsWith('.unlock-throttle.json')).sort()).toEqual(filesBefore);
  expect((await readFile(cacheFile)).equals(cacheBefore)).toBe(true);

});

test('offline, the right password with a deleted key check or a deleted cache is refused, and no cache is created', async ({ sim, consoleApp }) => {
  const { page } = await consoleApp.launch();
  await submitSignIn(page, sim, 'admin');
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await sim.close();
  const { folder, cacheFile } = await cacheFolder(consoleApp.dataDir);

  await rm(keyCheckPath(cacheFile));
  await refusedAtLockScreen(page, passwordOf(sim, 'admin'), /does not match the local cache/);
  expect((await readdir(folder)).filter((name) => name.includes('.bad-') || name.endsWith('.keycheck'))).toEqual([]);

  for (const suffix of ['', '-wal', '-shm']) await rm(`${cacheFile}${suffix}`, { force: true });
  await refusedAtLockScreen(page, passwordOf(sim, 'admin'), /local cache is missing/);
  expect((await readdir(folder)).filter((name) => name.endsWith('.sqlite') || name.includes('.bad-'))).toEqual([]);
});
