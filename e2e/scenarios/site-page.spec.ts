import path from 'node:path';
import type { Page } from '@playwright/test';
import type { RunningSimulator } from '#sim/src/server.ts';
import { artifactsDir, expect, test } from '../fixtures.ts';
import { openSiteNamed, submitSignIn } from '../steps.ts';
import { readSiteFacts, zoneOfSimulatorAddress } from '#sim/src/testing/site-facts.ts';

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

interface PageBridge {
  centralConsole: { invoke(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown }> };
}

/** The site id behind a clinic name, asked through the page's own bridge as the renderer would. */
async function siteIdOf(page: Page, clinicName: string): Promise<string> {
  return page.evaluate(async (name) => {
    const bridge = (globalThis as unknown as PageBridge).centralConsole;
    const overview = (await bridge.invoke('fleet:overview', { search: name })).value as { rows: Array<{ siteId: string; clinicName: string }> };
    return overview.rows.find((site) => site.clinicName === name)!.siteId;
  }, clinicName);
}

/** What the simulator itself says about a site (its own API, as admin): what the page must show. */
async function simulatorFacts<T>(sim: RunningSimulator, read: (facts: Awaited<ReturnType<typeof readSiteFacts>>) => Promise<T>): Promise<T> {
  const facts = await readSiteFacts(sim);
  try {
    return await read(facts);
  } finally {
    await facts.close();
  }
}

const counts = (...values: number[]) => values.map((value) => value.toLocaleString('en-US'));

test('opening a site shows the simulator\'s appliances and compliance health for it, as of a time', async ({ sim, consoleApp }, testInfo) => {
  const { page } = await consoleApp.launch();
  await signInAdmin(page, sim);
  const name = await openAnOnlineSite(page);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const facts = await simulatorFacts(sim, async (read) => read.of(await siteIdOf(page, name)));

  // The first appliance row is the simulator's first appliance, with its version and addresses.
  expect(facts.appliances.length).toBeGreaterThan(0);
  const first = facts.appliances[0]!;
  await expect(page.getByTestId('appliance-row')).toHaveCount(facts.appliances.length);
  const firstRow = page.getByTestId('appliance-row').first();
  await expect(firstRow.locator('.appliance-hostname')).toHaveText(first.hostname);
  if (first.agent_version) await expect(firstRow).toContainText(first.agent_version);
  await expect(firstRow.locator('.appliance-ip')).toHaveText(first.ip_addresses);

  // The compliance panel: the simulator's overall score and counts, as numbers a technician reads.
  const compliance = facts.compliance!;
  expect(compliance, 'the simulator scores this site').not.toBeNull();
  await expect(page.getByTestId('compliance-overall')).toHaveText(`Overall score${compliance.overall_score === null ? 'No data' : compliance.overall_score.toFixed(1)}`);
  const [passed, failed, warnings, total] = counts(compliance.counts.passed, compliance.counts.failed, compliance.counts.warnings, compliance.counts.total);
  await expect(page.getByLabel('Checks', { exact: true })).toHaveText(`Passed${passed}Failed${failed}Warnings${warnings}Total${total}`);
  const [healingTotal, autoHealed, pending] = counts(compliance.healing.total, compliance.healing.auto_healed, compliance.healing.pending);
  await expect(page.getByLabel('Healing', { exact: true })).toHaveText(`Healing total${healingTotal}Auto-healed${autoHealed}Pending${pending}`);
  await expect(page.getByTestId('site-as-of').first()).toHaveAttribute('data-as-of', /\d{4}-\d\d-\d\dT/);
  const file = path.join(artifactsDir, `site-page-${testInfo.project.name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach('site page', { path: file, contentType: 'image/png' });
  await page.getByRole('button', { name: 'Back to fleet' }).click();
  await expect(page.getByRole('table', { name: 'Sites' })).toBeVisible();
});

test('a site whose address names a state shows the time at the clinic in that state\'s zone', async ({ sim, consoleApp }) => {
  const { page } = await consoleApp.launch();
  await signInAdmin(page, sim);
  const facts = await simulatorFacts(sim, (read) => read.find('site with an address', (site) => site.address !== null));
  const zone = zoneOfSimulatorAddress(facts.address)!;
  await openSiteNamed(page, facts.clinicName);

  const clock = page.getByTestId('clinic-clock');
  await expect(clock).toHaveAttribute('title', zone);
  const before = Date.now();
  const shown = (await clock.innerText()).trim();
  // The clock ticks: the time in the clinic's zone, in the page's own format, within the minute it was read.
  const expected = await page.evaluate(
    ([timeZone, times]) => times.map((at) => `${new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone }).format(at)} at the clinic`),
    [zone, [before - 60_000, before, Date.now()]] as const,
  );
  expect(expected).toContain(shown);
  await expect(page.getByTestId('site-as-of').first()).toHaveAttribute('title', new RegExp(`\\(your time\\)\\n.* at the clinic \\(${zone.replace('/', '\\/')}\\)$`));
});

test('a site without an address says the clinic\'s time zone is unknown', async ({ sim, consoleApp }) => {
  const { page } = await consoleApp.launch();
  await signInAdmin(page, sim);
  const facts = await simulatorFacts(sim, (read) => read.find('site without an address', (site) => site.address === null));
  await openSiteNamed(page, facts.clinicName);

  await expect(page.getByTestId('clinic-clock')).toHaveText('Clinic time zone unknown');
  await expect(page.getByTestId('site-as-of').first()).toHaveAttribute('title', /\(your time\)\nClinic time zone unknown/);
});

test('an appliance going offline in Central Command shows up on the open site page', async ({ sim, consoleApp }) => {
  const { page } = await consoleApp.launch();
  await signInAdmin(page, sim);
  const name = await openAnOnlineSite(page);
  // Which appliance to take offline: one the simulator reports online at this site.
  const facts = await simulatorFacts(sim, async (read) => read.of(await siteIdOf(page, name)));
  const online = facts.appliances.find((appliance) => appliance.live_status === 'online');
  expect(online?.live_status, `an online appliance at ${name}`).toBe('online');
  const target = { applianceId: online!.appliance_id, hostname: online!.hostname };
  await expect(page.getByTestId('appliance-row').filter({ hasText: target.hostname })).toContainText('online');
  const response = await fetch(`${sim.controlUrl}/control/appliances/${encodeURIComponent(target.applianceId)}/offline`, { method: 'POST' });
  expect(response.ok).toBe(true);
  // The /ws/events hint refetches at once; the open page's periodic refresh (30 s) is only the fallback, so wait less than that.
  await expect(page.getByTestId('appliance-row').filter({ hasText: target.hostname })).toContainText('offline', { timeout: 15_000 });
});
