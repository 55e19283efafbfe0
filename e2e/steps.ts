import type { Page } from '@playwright/test';
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
