import path from 'node:path';
import { artifactsDir, expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

// HIPAA automatic logoff: with the idle time shortened to a few seconds, the console warns, locks,
// drops everything it showed, and opens again offline only with the technician's password.
const IDLE_LOCK_SECONDS = 6;

test('idle lock clears the screen, refuses a wrong password offline, and unlocks with the right one', async ({ sim, consoleApp }, testInfo) => {
  const { page } = await consoleApp.launch({ idleLockSeconds: IDLE_LOCK_SECONDS });
  await submitSignIn(page, sim, 'admin');
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  const clinicShown = (await page.getByRole('row').nth(1).getByRole('cell').first().innerText()).trim();
  expect(clinicShown.length).toBeGreaterThan(3);

  // Hands off the keyboard and mouse: first the warning, then the lock.
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: IDLE_LOCK_SECONDS * 1000 });
  await page.screenshot({ path: path.join(artifactsDir, `idle-warning-${testInfo.project.name}.png`) });
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: IDLE_LOCK_SECONDS * 1000 });
  await expect(page.getByTestId('lock-screen')).toContainText('without activity');
  expect(await page.content()).not.toContain(clinicShown);
  await page.screenshot({ path: path.join(artifactsDir, `lock-screen-${testInfo.project.name}.png`) });

  // Central Command goes away: unlocking is checked against the local verifier.
  await sim.close();
  await submitUnlock(page, `${passwordOf(sim, 'admin')}x`);
  await expect(page.getByTestId('unlock-error')).toContainText('does not match');
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  expect(await page.content()).not.toContain(clinicShown);

  // One wrong password costs a one-second wait; then the right one opens the cache, offline.
  await expect(page.getByTestId('unlock-submit')).toBeEnabled({ timeout: 5_000 });
  await submitUnlock(page, passwordOf(sim, 'admin'));
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  await expect(page.getByTestId('connectivity')).toHaveText(/Offline/);
  await expect(page.getByText(clinicShown).first()).toBeVisible();
});
