import { execFileSync } from 'node:child_process';
import { open as openFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createCacheKeyCustody } from '#core/lock/cache-key-custody.ts';
import { createProfileStore } from '#core/profiles/profile-store.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { expect, test, type ConsoleLauncher } from '../fixtures.ts';
import { passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

type Sim = Parameters<typeof passwordOf>[0];

/** Signs in once, so the fleet is cached, and quits; the cache file it wrote. */
async function cachedOnce(sim: Sim, consoleApp: ConsoleLauncher): Promise<{ caches: string; file: string }> {
  const first = await consoleApp.launch();
  await submitSignIn(first.page, sim, 'admin');
  await expect(first.page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  await first.quit();
  const caches = path.join(consoleApp.dataDir, 'caches');
  return { caches, file: path.join(caches, (await readdir(caches)).find((name) => name.endsWith('.sqlite'))!) };
}

async function overwrite(file: string, offset: number, length: number): Promise<void> {
  const handle = await openFile(file, 'r+');
  await handle.write(Buffer.alloc(length, 0x5a), 0, length, offset);
  await handle.close();
}

/** After the unlock: the notice names the damage, the fleet is back in full, and the damaged file was kept aside. */
async function expectRebuiltAfterUnlock(sim: Sim, consoleApp: ConsoleLauncher, caches: string, notice: string): Promise<void> {
  const second = await consoleApp.launch();
  await submitUnlock(second.page, passwordOf(sim, 'admin'));
  await expect(second.page.getByRole('status').filter({ hasText: 'moved aside' })).toContainText(notice);
  await expect(second.page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  expect((await readdir(caches)).some((name) => name.includes('.bad-'))).toBe(true);
}

test('a corrupt cache file is moved aside, the technician is told, and the fleet is synced again', async ({ sim, consoleApp }) => {
  const { caches, file } = await cachedOnce(sim, consoleApp);
  // Damage the start of the encrypted file (the pages the open reads), as a failing disk or a careless copy would.
  await overwrite(file, 4096, 8192);
  await expectRebuiltAfterUnlock(sim, consoleApp, caches, 'damaged');
});

// In a plain Node process: Playwright's loader resolves the SQLite package to its .d.ts.
const SITES_ROOT_PAGE = `
  import { connect } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../electron/core/cache/open-database.ts'))};
  const db = connect(process.argv[1], process.env.CC_CACHE_KEY);
  process.stdout.write(String(db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sites'").get().rootpage));
  db.close();
`;

test('damage deep in a cache that still opens is found after the open: moved aside, the technician told, the fleet synced again', async ({ sim, consoleApp }) => {
  const { caches, file } = await cachedOnce(sim, consoleApp);
  // The sites table's root page: in use, but nothing the open reads. Found with the key the console itself rebuilds.
  const [profile] = (await createProfileStore(consoleApp.dataDir).list()).profiles;
  const keyHex = await createCacheKeyCustody({ vault: createKeychainVault(consoleApp.keychainService) }).unseal(profile!, file, passwordOf(sim, 'admin'), 7, async (key) => key);
  const rootpage = Number(execFileSync(process.execPath, ['--input-type=module', '-e', SITES_ROOT_PAGE, file], { env: { ...process.env, CC_CACHE_KEY: keyHex }, encoding: 'utf8' }));
  await overwrite(file, (rootpage - 1) * 4096 + 100, 64);
  await expectRebuiltAfterUnlock(sim, consoleApp, caches, 'it is damaged');
});
