import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDevPki } from '#sim/src/certs.ts';
import { expect, test } from '../fixtures.ts';
import { passwordOf, submitUnlock } from '../steps.ts';

test('the CA file chosen at sign-in is pinned: replacing it changes nothing, and Settings show its fingerprint', async ({ sim, consoleApp }) => {
  const downloads = await mkdtemp(path.join(os.tmpdir(), 'cc-e2e-downloads-'));
  try {
    const chosen = path.join(downloads, 'central-command-ca.pem');
    await copyFile(sim.caFile, chosen);
    const { page } = await consoleApp.launch();
    await page.getByLabel('Server URL').fill(sim.url);
    await page.getByLabel('CA certificate file').fill(chosen);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(passwordOf(sim, 'admin'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));

    // Someone replaces the file the technician picked; the console keeps trusting its own copy.
    const impostor = (await createDevPki('Impostor')).caCertPem;
    await writeFile(chosen, impostor);
    await page.getByTestId('lock-now').click();
    await submitUnlock(page, passwordOf(sim, 'admin'));
    await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));

    await page.getByTestId('open-settings').click();
    const fingerprint = new X509Certificate(await readFile(sim.caFile, 'utf8')).fingerprint256;
    const section = page.getByTestId('settings-pinned-ca');
    await expect(section.getByTestId('pinned-ca-fingerprints')).toHaveText(fingerprint);

    // A CA that Central Command's certificate does not chain to is refused, and the pinned one stays.
    await section.getByLabel('Replace with another CA file').fill(chosen);
    await section.getByTestId('pinned-ca-replace').click();
    await expect(section.getByRole('alert')).toBeVisible();
    await expect(section.getByTestId('pinned-ca-fingerprints')).toHaveText(fingerprint);
  } finally {
    await rm(downloads, { recursive: true, force: true });
  }
});
