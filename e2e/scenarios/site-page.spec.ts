import path from 'node:path';
import type { Page } from '@playwright/test';
import type { RunningSimulator } from '#sim/src/server.ts';
import { artifactsDir, expect, test } from '../fixtures.ts';
import { submitSignIn } from '../steps.ts';

async function signInAdmin(page: Page, sim: RunningSimulator) {
  await submitSignIn(page, sim, 'admin');
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
}

/** Opens the first site whose live status is online, and returns its name. */
async function openAnOnlineSite(page: Page): Promise<string> {
  await page.getByRole('group', { name: 'Live status filter' }).getByRole('button', { name: 'online', exact: true }).click();
  const row = page.getByTestId('site-row').first();
  // The list refilters in core: read the name only once the filtered list is showing (every row online).
  await expect(row).toContainText('online');
  await expect(page.getByTestId('site-row').filter({ hasNotText: 'online' })).toHaveCount(0);
  const name = (await row.getByRole('cell').first().innerText()).trim();
  await row.click();
  await expect(page.getByRole('table', { name: 'Appliances' })).toBeVisible();
  return name;
}

test('opening a site shows its appliances and compliance health, as of a time', async ({ sim, consoleApp }, testInfo) => {
  const { page } = await consoleApp.launch();
  await signInAdmin(page, sim);
  const name = await openAnOnlineSite(page);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('appliance-row').first()).toBeVisible();
  await expect(page.getByText(/compliance/i).first()).toBeVisible();
  await expect(page.getByTestId('site-as-of').first()).toHaveAttribute('data-as-of', /\d{4}-\d\d-\d\dT/);
  // Times in the technician's zone; the clinic's zone (from the site's address) on hover.
  await expect(page.getByTestId('clinic-clock')).toHaveText(/at the clinic$|^Clinic time zone unknown$/);
  await expect(page.getByTestId('site-as-of').first()).toHaveAttribute('title', /\(your time\)\n.*(at the clinic \(|Clinic time zone unknown)/);
  const file = path.join(artifactsDir, `site-page-${testInfo.project.name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach('site page', { path: file, contentType: 'image/png' });
  await page.getByRole('button', { name: 'Back to fleet' }).click();
  await expect(page.getByRole('table', { name: 'Sites' })).toBeVisible();
});

interface PageBridge {
  centralConsole: { invoke(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown }> };
}

test('an appliance going offline in Central Command shows up on the open site page', async ({ sim, consoleApp }) => {
  const { page } = await consoleApp.launch();
  await signInAdmin(page, sim);
  const name = await openAnOnlineSite(page);
  // Which appliance to take offline: asked through the page's own bridge, as the renderer would.
  const target = await page.evaluate(async (clinicName) => {
    const bridge = (globalThis as unknown as PageBridge).centralConsole;
    const overview = (await bridge.invoke('fleet:overview', { search: clinicName })).value as { sites: Array<{ siteId: string; clinicName: string }> };
    const siteId = overview.sites.find((site) => site.clinicName === clinicName)!.siteId;
    const view = (await bridge.invoke('site:refresh', { siteId })).value as { appliances: Array<{ applianceId: string; hostname: string; liveStatus: string }> };
    return view.appliances.find((appliance) => appliance.liveStatus === 'online');
  }, name);
  expect(target, `an online appliance at ${name}`).toBeDefined();
  const response = await fetch(`${sim.controlUrl}/control/appliances/${encodeURIComponent(target!.applianceId)}/offline`, { method: 'POST' });
  expect(response.ok).toBe(true);
  // The /ws/events hint refetches at once; the open page's periodic refresh (30 s) is only the fallback, so wait less than that.
  await expect(page.getByTestId('appliance-row').filter({ hasText: target!.hostname })).toContainText('offline', { timeout: 15_000 });
});
