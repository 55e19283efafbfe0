import { expect, test } from '../fixtures.ts';
import { submitSignIn as signIn } from '../steps.ts';

// Neither shell here updates itself: the web shell has no updater, and the Electron app the
// scenarios launch is not an installed (packaged) one. Both say so in Settings, through the same contract.
test('Settings says who manages updates, and the header offers no restart', async ({ sim, consoleApp }, testInfo) => {
  const { page } = await consoleApp.launch();
  await signIn(page, sim, 'admin');
  await expect(page.getByTestId('site-row').first()).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  const expected = testInfo.project.name === 'electron' ? 'This development build does not update itself; installed releases do.' : 'Updates are managed by the installed app.';
  await expect(page.getByTestId('update-settings-status')).toHaveText(expected);
  await expect(page.getByTestId('update-check-now')).toHaveCount(0);
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
});
