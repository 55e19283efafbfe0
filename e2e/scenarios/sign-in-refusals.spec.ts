import type { Page } from '@playwright/test';
import type { RunningSimulator } from '#sim/src/server.ts';
import { expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn } from '../steps.ts';

async function attemptSignIn(page: Page, sim: RunningSimulator, password: string) {
  await submitSignIn(page, sim, 'admin', password);
}

async function setSimulator(sim: RunningSimulator, config: Record<string, number>) {
  const response = await fetch(`${sim.controlUrl}/control/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
  expect(response.ok).toBe(true);
}

test('five wrong passwords lock the account, and the right one is then refused with the wait', async ({ sim, consoleApp }) => {
  // Only the lockout is under test here; the 5-a-minute limit has its own scenario below.
  await setSimulator(sim, { authRateLimitPerMinute: 100 });
  const { page } = await consoleApp.launch();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await attemptSignIn(page, sim, `Wrong-Password-${attempt}!`);
    await expect(page.getByRole('alert')).toContainText(/not correct|locked/);
  }
  await attemptSignIn(page, sim, passwordOf(sim, 'admin'));
  await expect(page.getByRole('alert')).toContainText(/locked after too many failed sign-ins\. Try again in 1[45] minutes/);
  await expect(page.getByTestId('site-count')).toHaveCount(0);
});

test('more than five sign-in attempts a minute get "try again in N s", and the button waits', async ({ sim, consoleApp }) => {
  await setSimulator(sim, { lockoutThreshold: 100 });
  const { page } = await consoleApp.launch();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await attemptSignIn(page, sim, `Wrong-Password-${attempt}!`);
    await expect(page.getByRole('alert')).toContainText('not correct');
  }
  await attemptSignIn(page, sim, 'Wrong-Password-6!');
  await expect(page.getByRole('alert')).toContainText(/Too many attempts\. Try again in \d+ s/);
  await expect(page.getByText(/Try again in \d+ s$/).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
});
