import path from 'node:path';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { artifactsDir, expect, test } from '../fixtures.ts';
import { openSiteNamed, passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

// A technician on a plane: Central Command ended the session (its 24 hours ran out on the
// simulator's clock), the laptop is offline, the console is relaunched. The password opens the
// cached data for review; nothing that needs the server is offered; once Central Command is back the
// console says so, and signing in resumes syncing on the same cache.

async function control(sim: RunningSimulator, pathname: string, body: unknown): Promise<void> {
  const response = await fetch(`${sim.controlUrl}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`control ${pathname}: ${response.status}`);
}

/** The same simulator again (same seed, same address, same CA), as Central Command coming back after an outage. */
function restartSimulator(sim: RunningSimulator): Promise<RunningSimulator> {
  return startSimulator({ seed: 42, sites: 300, dataDir: path.dirname(path.dirname(sim.caFile)), port: Number(new URL(sim.url).port), controlPort: 0 });
}

test('after the session expired on the simulator clock and with Central Command stopped, the relaunched console opens the cache for review; signing in once it is back resumes sync', async ({ sim, consoleApp }, testInfo) => {
  test.setTimeout(180_000);
  const password = passwordOf(sim, 'admin');
  const first = await consoleApp.launch();
  await submitSignIn(first.page, sim, 'admin');
  await expect(first.page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  // A site page opened once is cached, so the review can open it too.
  const row = first.page.getByTestId('site-row').first();
  const clinicName = (await row.getByRole('cell').first().innerText()).trim();
  await row.click();
  await expect(first.page.getByRole('table', { name: 'Appliances' })).toBeVisible();
  await expect(first.page.getByTestId('site-as-of').first()).toHaveAttribute('data-as-of', /\d/);
  await first.page.getByRole('button', { name: '← Back to fleet' }).click();

  // The session's 24 hours run out on the simulator's clock (requests keep it from idling out first).
  await control(sim, '/control/config', { sessionIdleMinutes: 48 * 60 });
  await control(sim, '/control/clock/advance', { seconds: 24 * 3600 + 60 });
  // "Sync now" finds the session over, unless the console found it first: the hours the clock jumped open
  // incidents whose /ws/events hints it follows, and the sign-in screen then replaces the button under the click.
  const ended = first.page.getByText('Your session with Central Command has ended. Sign in again.');
  await first.page
    .getByRole('button', { name: 'Sync now' })
    .click({ timeout: 10_000 })
    .catch(async (error: unknown) => {
      if (!(await ended.isVisible())) throw error;
    });
  await expect(ended).toBeVisible();
  await first.quit();
  await sim.close();

  // Relaunched on the plane: the lock screen says what the password can do now.
  const { page } = await consoleApp.launch({ reachabilityProbeSeconds: 1 });
  await expect(page.getByTestId('lock-screen')).toContainText('opens the data cached on this computer for review');
  await submitUnlock(page, password);
  await expect(page.getByTestId('review-banner')).toContainText(/^Reviewing cached data — last synced /);
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  const syncNow = page.getByRole('button', { name: 'Sync now' });
  await expect(syncNow).toBeDisabled();
  await expect(page.locator('.status-bar').getByTestId('review-refusal')).toHaveText(/^Sign in to Central Command to sync now\./);
  await expect(page.getByTestId('connectivity')).toHaveText('Not signed in — showing cached data');
  await page.screenshot({ path: path.join(artifactsDir, `offline-review-fleet-${testInfo.project.name}.png`) });

  // The cached site page opens; refetching it is what needs the server.
  await openSiteNamed(page, clinicName);
  await expect(page.getByRole('table', { name: 'Appliances' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh' })).toBeDisabled();
  await expect(page.locator('.site-header').getByTestId('review-refusal')).toHaveText(/^Sign in to Central Command to refresh this site\./);
  await page.screenshot({ path: path.join(artifactsDir, `offline-review-site-${testInfo.project.name}.png`) });
  await page.getByRole('button', { name: '← Back to fleet' }).click();
  // The fleet keeps the search that found the site; the whole fleet again, for the resumed sync to show.
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^\\d+ of ${sim.siteCount} sites`));
  await page.getByRole('searchbox', { name: 'Search sites' }).fill('');
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  const syncedBefore = await page.getByTestId('last-synced').getAttribute('data-synced-at');

  // Central Command is back: the console notices by itself and offers the sign-in.
  const back = await restartSimulator(sim);
  try {
    await expect(page.getByTestId('review-reachable')).toHaveText(/^Central Command is reachable again/, { timeout: 30_000 });
    await page.screenshot({ path: path.join(artifactsDir, `offline-review-reachable-${testInfo.project.name}.png`) });
    await page.getByTestId('review-password').fill(password);
    await page.getByTestId('review-sign-in').click();
    await expect(page.getByTestId('review-banner')).toHaveCount(0);
    await expect(page.getByTestId('connectivity')).toHaveText('Online');
    await expect(syncNow).toBeEnabled();
    // Sync resumes on the same cache: the fleet stays on screen and the last sync moves on.
    await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
    await expect(page.getByTestId('last-synced')).not.toHaveAttribute('data-synced-at', syncedBefore ?? '', { timeout: 60_000 });
  } finally {
    await back.close();
  }
});
