import { expect, type Page } from '@playwright/test';
import type { RunningSimulator } from '#sim/src/server.ts';
import { passwordOf } from '#sim/src/testing/sim-client.ts';

export { passwordOf };

/** Fills the sign-in form as a technician would and submits it; the caller checks the outcome. */
export async function submitSignIn(page: Page, sim: RunningSimulator, username: string, password = passwordOf(sim, username)) {
  await page.getByLabel('Server URL').fill(sim.url);
  await page.getByLabel('CA certificate file').fill(sim.caFile);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** At the lock screen: types the password and unlocks (online it is a new sign-in; offline the local check). */
export async function submitUnlock(page: Page, password: string) {
  await page.getByTestId('unlock-password').fill(password);
  await page.getByTestId('unlock-submit').click();
}

/**
 * Opens a site by its clinic name through the fleet's search box, as a technician would. The click waits
 * until the list shows only the search's answer: a row clicked while the list refilters can be replaced
 * under the pointer by another site.
 */
export async function openSiteNamed(page: Page, clinicName: string) {
  await page.getByRole('searchbox', { name: 'Search sites' }).fill(clinicName);
  const rows = page.getByTestId('site-row');
  await expect(rows.filter({ hasText: clinicName }).first()).toBeVisible();
  await expect(rows.filter({ hasNotText: clinicName })).toHaveCount(0);
  await rows.filter({ hasText: clinicName }).first().click();
  await expect(page.getByRole('heading', { name: clinicName })).toBeVisible();
}
