import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { control, SimClient } from '#sim/src/testing/sim-client.ts';
import { artifactsDir, expect, test } from '../fixtures.ts';
import { passwordOf, submitSignIn, submitUnlock } from '../steps.ts';

// The incidents view against the simulator over HTTPS: the cache the incident sync filled, searched and
// filtered as a technician would, online and offline, with ordinary and hostile content.

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

interface SimIncident {
  id: string;
  siteId: string;
  hostname: string;
}

interface PageBridge {
  centralConsole: { invoke(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown }> };
}

/** An incident as the simulator's own API tells it (the truth the console's screen must match). */
async function simulatorIncident(sim: RunningSimulator, id: string): Promise<SimIncident> {
  const client = new SimClient(sim);
  try {
    expect((await client.login('admin', passwordOf(sim, 'admin'))).status).toBe(200);
    const detail = (await client.get(`/api/dashboard/incidents/${encodeURIComponent(id)}`)).json as { id: string; site_id: string; hostname: string };
    return { id: detail.id.toLowerCase(), siteId: detail.site_id, hostname: detail.hostname };
  } finally {
    await client.close();
  }
}

/**
 * An incident whose detail the console has cached (hostnames are searchable only there), chosen by
 * asking the page's own bridge as the renderer would, once the sync has fetched some details.
 */
async function cachedIncident(page: Page, sim: RunningSimulator): Promise<SimIncident> {
  let id: string | undefined;
  await expect(async () => {
    id = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as PageBridge).centralConsole;
      const answer = (await bridge.invoke('incidents:query', { filters: {}, search: '', limit: 500 })).value as { rows: Array<{ id: string; detailCached: boolean }> };
      return answer.rows.find((row) => row.detailCached)?.id;
    });
    expect(id, 'an incident with its detail cached').toBeTruthy();
  }).toPass({ timeout: 45_000 });
  return simulatorIncident(sim, id!);
}

async function signIn(page: Page, sim: RunningSimulator) {
  await submitSignIn(page, sim, 'admin');
  await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
}

/** Opens the incidents view and waits for the cache to answer with some rows. */
async function openIncidents(page: Page) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Incidents' }).click();
  await expect(page.getByTestId('incidents-view')).toBeVisible();
  await expect(page.getByTestId('incident-row').first()).toBeVisible({ timeout: 30_000 });
}

function searchBox(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Search incidents' });
}

async function countShown(page: Page): Promise<number> {
  const count = page.getByTestId('incident-count');
  await expect(count).toHaveAttribute('data-count', /^\d+$/);
  return Number(await count.getAttribute('data-count'));
}

/** Types the search and waits until the list shows a row of the incident (the sync may still be filling the cache). */
async function searchUntilFound(page: Page, text: string, incidentId: string) {
  const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
  await expect(async () => {
    await searchBox(page).fill('');
    await searchBox(page).fill(text);
    await expect(row).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 45_000 });
  return row;
}

async function screenshotAtSizes(page: Page, name: string, shell: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // The chart and the table re-measure on resize.
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(artifactsDir, `incidents-${name}-${size.width}x${size.height}-${shell}.png`) });
  }
}

test('search finds an incident by its hostname, and its detail shows the timeline, the drift and when the server confirmed it', async ({ sim, consoleApp }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = await consoleApp.launch();
  await signIn(page, sim);
  await openIncidents(page);
  const cached = await cachedIncident(page, sim);

  await screenshotAtSizes(page, 'list', testInfo.project.name);
  const row = await searchUntilFound(page, cached.hostname, cached.id);
  await expect(page.getByTestId('search-coverage')).toContainText(/Hostnames and drift searched where details are cached: [\d,]+ of [\d,]+ incidents/);

  await row.click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByText(cached.hostname).first()).toBeVisible();
  await expect(page.getByTestId('incident-confirmed')).toHaveAttribute('data-fetched-at', /\d{4}-\d\d-\d\dT/);
  await expect(detail.getByTestId('drift-data')).toBeVisible();
  await expect(page.getByTestId('incident-chart').locator('canvas').first()).toBeVisible();
  await screenshotAtSizes(page, 'detail', testInfo.project.name);

  await searchBox(page).fill('');
  // The first Esc leaves the search box, the second closes the incident.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await page.getByTestId('incident-chart').scrollIntoViewIfNeeded();
  await screenshotAtSizes(page, 'chart', testInfo.project.name);

  // A word naming several HIPAA controls (central-sim's 164.308 names five) is counted exactly, from the
  // control-list tallies; "All" charts the same incidents the list counts.
  const everything = await countShown(page);
  await searchBox(page).fill('164.308');
  await expect.poll(() => countShown(page)).not.toBe(everything);
  const carrying = await countShown(page);
  expect(carrying).toBeGreaterThan(0);
  await expect(page.getByTestId('incident-count')).toHaveAttribute('data-capped', 'false');
  await expect(page.getByTestId('incident-chart')).toContainText(`${carrying.toLocaleString('en-US')} incidents`);
  await screenshotAtSizes(page, 'controls', testInfo.project.name);
  await searchBox(page).fill('');

  // The site link opens the site's page; leaving it comes back to the incidents.
  await searchUntilFound(page, cached.hostname, cached.id).then((found) => found.click());
  await page.getByTestId('incident-site-link').click();
  await expect(page.getByRole('table', { name: 'Appliances' })).toBeVisible();
  await page.getByRole('button', { name: 'Back to fleet' }).click();
  await expect(page.getByTestId('incidents-view')).toBeVisible();
});

test('field filters and the filter controls narrow the list, and the counts agree', async ({ sim, consoleApp }) => {
  test.setTimeout(120_000);
  const { page } = await consoleApp.launch();
  await signIn(page, sim);
  await openIncidents(page);
  const all = await countShown(page);
  expect(all).toBeGreaterThan(0);

  // Typed as a technician does, completed from the suggestions.
  await searchBox(page).click();
  await page.keyboard.type('severity:cr');
  await expect(page.getByRole('option', { name: /critical/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(searchBox(page)).toHaveValue('severity:critical ');
  const severityFacet = page.getByTestId('facet-severity');
  await expect(severityFacet.getByRole('checkbox', { name: /critical/ })).toBeChecked();
  await expect(async () => {
    const critical = await countShown(page);
    expect(critical).toBeLessThan(all);
    const facetCount = await severityFacet.getByRole('listitem').filter({ hasText: 'critical' }).getByTestId('facet-count').innerText();
    expect(Number(facetCount.replace(/[^\d]/g, ''))).toBe(critical);
  }).toPass({ timeout: 15_000 });
  const critical = await countShown(page);

  // A control edits the text: "Open" in the State facet adds is:open, and the count follows it.
  const stateFacet = page.getByTestId('facet-status');
  await stateFacet.getByRole('checkbox', { name: /open/i }).check();
  await expect(searchBox(page)).toHaveValue(/severity:critical\s+is:open/);
  await expect(async () => {
    const open = await countShown(page);
    expect(open).toBeLessThanOrEqual(critical);
    const facetCount = await stateFacet.getByRole('listitem').filter({ hasText: /open/i }).getByTestId('facet-count').innerText();
    expect(Number(facetCount.replace(/[^\d]/g, ''))).toBe(open);
    // Every row on screen is what the filters say.
    const rows = page.getByTestId('incident-row');
    const shown = await rows.count();
    expect(shown).toBeGreaterThan(0);
    for (let index = 0; index < Math.min(shown, 10); index++) {
      await expect(rows.nth(index)).toContainText('critical');
      await expect(rows.nth(index)).toContainText('Open');
    }
  }).toPass({ timeout: 15_000 });

  // And the text drives the controls: taking severity out of the text unchecks it.
  await searchBox(page).fill('is:open');
  await expect(severityFacet.getByRole('checkbox', { name: /critical/ })).not.toBeChecked();
  await expect(stateFacet.getByRole('checkbox', { name: /open/i })).toBeChecked();
});

test('a saved view survives a relaunch of the console', async ({ sim, consoleApp }) => {
  test.setTimeout(120_000);
  const first = await consoleApp.launch();
  await signIn(first.page, sim);
  await openIncidents(first.page);
  await searchBox(first.page).fill('is:open severity:high');
  await first.page.getByRole('columnheader', { name: 'Severity' }).getByRole('button').click();
  await first.page.getByTestId('save-view').click();
  await first.page.getByLabel('Name for the view').fill('Open high');
  await first.page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(first.page.getByRole('button', { name: 'Open high', exact: true })).toBeVisible();
  await first.quit();

  const second = await consoleApp.launch();
  await submitUnlock(second.page, passwordOf(sim, 'admin'));
  await expect(second.page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`));
  await openIncidents(second.page);
  await expect(searchBox(second.page)).toHaveValue('');
  await second.page.getByRole('button', { name: 'Open high', exact: true }).click();
  await expect(searchBox(second.page)).toHaveValue('is:open severity:high');
  await expect(second.page.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute('aria-sort', /ascending|descending/);
});

test('with the server gone, the console opens offline and a cached incident\'s detail still opens', async ({ sim, consoleApp }, testInfo) => {
  test.setTimeout(120_000);
  const first = await consoleApp.launch();
  await signIn(first.page, sim);
  await openIncidents(first.page);
  const cached = await cachedIncident(first.page, sim);
  await searchUntilFound(first.page, cached.hostname, cached.id);
  await first.quit();
  await sim.close();

  const second = await consoleApp.launch();
  const { page } = second;
  await submitUnlock(page, passwordOf(sim, 'admin'));
  await expect(page.getByTestId('connectivity')).toHaveText(/Offline/, { timeout: 30_000 });
  await openIncidents(page);
  await expect(page.getByTestId('incidents-offline')).toContainText('Reviewing cached data — last synced');
  const row = await searchUntilFound(page, cached.hostname, cached.id);
  await row.click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail.getByText(cached.hostname).first()).toBeVisible();
  await expect(page.getByTestId('incident-confirmed')).toBeVisible();
  await expect(page.getByTestId('incident-chart').locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: path.join(artifactsDir, `incidents-offline-${testInfo.project.name}.png`) });
});

test('hostile content from the server is shown as inert text, and a megabyte of drift data opens', async ({ consoleApp }, testInfo) => {
  test.setTimeout(150_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-e2e-hostile-'));
  const sim = await startSimulator({ seed: 7, sites: 40, dataDir, port: 0, controlPort: 0, hostile: true });
  try {
    const { page } = await consoleApp.launch();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await submitSignIn(page, sim, 'admin');
    await expect(page.getByTestId('site-count')).toHaveText(new RegExp(`^${sim.siteCount} sites`), { timeout: 30_000 });
    const megabyte = await simulatorIncident(sim, (await control(sim, 'GET', '/control/incidents')).json.megabyteIncidentId as string);
    await openIncidents(page);

    const view = page.getByTestId('incidents-view');
    await searchBox(page).fill('check:<script>*');
    await expect(page.getByTestId('incident-row').first()).toContainText('<script>alert("check")</script>', { timeout: 30_000 });
    await page.screenshot({ path: path.join(artifactsDir, `incidents-hostile-list-${testInfo.project.name}.png`) });

    const row = await searchUntilFound(page, `site:${megabyte.siteId}`, megabyte.id);
    await row.click();
    const drift = page.getByTestId('incident-detail').getByTestId('drift-data');
    await expect(drift).toContainText(/MB/, { timeout: 15_000 });
    // A megabyte of drift, collapsed: the detail stays a small tree of nodes.
    const nodes = await page.getByTestId('incident-detail').evaluate((element) => element.querySelectorAll('*').length);
    expect(nodes).toBeLessThan(3_000);
    await page.screenshot({ path: path.join(artifactsDir, `incidents-hostile-detail-${testInfo.project.name}.png`) });

    // Nothing the server sent became markup or ran.
    expect(await view.locator('script, iframe, img, svg:not(.u-over svg), marquee, object, embed').count()).toBe(0);
    expect(await view.locator('[onerror], [onload], [href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  } finally {
    await sim.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
});
