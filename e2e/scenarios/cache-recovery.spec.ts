import { open as openFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

test('a corrupt cache file is moved aside, the technician is told, and the fleet is synced again', async ({ sim, consoleApp }) => {
  const first = await consoleApp.launch();
  await submitSignIn(first.page, sim, 'admin');
  await expect(first.page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  await first.quit();

  // Damage the middle of the encrypted file, as a failing disk or a careless copy would.
  const caches = path.join(consoleApp.dataDir, 'caches');
  const file = path.join(caches, (await readdir(caches)).find((name) => name.endsWith('.sqlite'))!);
  const handle = await openFile(file, 'r+');
  await handle.write(Buffer.alloc(8192, 0x5a), 0, 8192, 4096);
  await handle.close();

  const second = await consoleApp.launch();
  await submitUnlock(second.page, passwordOf(sim, 'admin'));
  await expect(second.page.getByRole('status').filter({ hasText: 'moved aside' })).toContainText('damaged');
  await expect(second.page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  expect((await readdir(caches)).some((name) => name.includes('.bad-'))).toBe(true);
});
