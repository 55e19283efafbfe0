import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

async function signIn(page: Page, sim: RunningSimulator) {
  await submitSignIn(page, sim, 'admin');
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
}

async function openProfileMenu(page: Page) {
  await page.getByRole('button', { name: /Server profiles|127\.0\.0\.1/ }).first().click();
  return page.getByRole('menu', { name: 'Server profiles' });
}

test('two Central Command servers side by side, each with its own cache', async ({ sim, consoleApp }) => {
  const otherDir = await mkdtemp(path.join(os.tmpdir(), 'cc-e2e-sim-b-'));
  const other = await startSimulator({ seed: 77, sites: 40, dataDir: otherDir, port: 0, controlPort: 0 });
  try {
    const { page } = await consoleApp.launch();
    await signIn(page, sim);

    let menu = await openProfileMenu(page);
    await menu.getByRole('menuitem', { name: /Add a server or account/ }).click();
    await signIn(page, other);

    menu = await openProfileMenu(page);
    await menu.getByRole('menuitem', { name: new RegExp(sim.url.replaceAll('.', '\\.')) }).click();
    // The other profile's session waits behind its password: its cache key needs it.
    await submitUnlock(page, passwordOf(sim, 'admin'));
    await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));

    const caches = (await readdir(path.join(consoleApp.dataDir, 'caches'))).filter((name) => name.endsWith('.sqlite'));
    expect(caches).toHaveLength(2);
  } finally {
    await other.close();
    await rm(otherDir, { recursive: true, force: true });
  }
});
