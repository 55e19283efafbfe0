import path from 'node:path';
import type { Page } from '@playwright/test';
import { artifactsDir, expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

// HIPAA automatic logoff: with the idle time shortened to a few seconds, the console warns, locks,
// drops everything it showed, and opens again offline only with the technician's password.
const IDLE_LOCK_SECONDS = 8;

/**
 * Moves the mouse every 300 ms, as a technician watching the console load would, until stopped. The
 * idle window then starts when the scenario says, not at sign-in: a 300-site sync and the first
 * render take as long as a busy machine needs without eating into it.
 */
function keepMovingTheMouse(page: Page) {
  let moving = true;
  const loop = (async () => {
    for (let step = 0; moving; step += 1) {
      await page.mouse.move(200 + (step % 2) * 40, 300);
      await page.waitForTimeout(300);
    }
  })();
  return {
    /** Resolves with the moment of the last move (epoch ms): the idle window starts at most a second before it (reports are throttled to one a second). */
    async stop(): Promise<number> {
      moving = false;
      await loop;
      await page.mouse.move(600, 400);
      return Date.now();
    },
  };
}

test('idle lock clears the screen, refuses a wrong password offline, and unlocks with the right one', async ({ sim, consoleApp }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = await consoleApp.launch({ idleLockSeconds: IDLE_LOCK_SECONDS });
  await submitSignIn(page, sim, 'admin');
  const technician = keepMovingTheMouse(page);
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  const clinicShown = (await page.getByRole('row').nth(1).getByRole('cell').first().innerText()).trim();
  expect(clinicShown.length).toBeGreaterThan(3);
  // A whole idle time more of moving: the renderer's activity reports keep the lock away.
  await page.waitForTimeout(IDLE_LOCK_SECONDS * 1000);
  await technician.stop();
  expect(await page.getByTestId('idle-warning').count(), 'no idle warning while the mouse was moving').toBe(0);
  expect(await page.getByTestId('lock-screen').count(), 'not locked while the mouse was moving').toBe(0);

  // Hands off the keyboard and mouse: first the warning (halfway), then the lock; each well within the idle time.
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
