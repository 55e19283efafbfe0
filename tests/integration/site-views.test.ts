import { describe, expect, it } from 'vitest';
import type { ConsoleService } from '#core/console-service.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import type { SiteView } from '#shared/sites/index.ts';
import { readSiteFacts, zoneOfSimulatorAddress } from '#sim/src/testing/site-facts.ts';
import { signIn, useConsoles, useSimulator } from './test-support/harness.ts';

// A site's page and the attention list: core against the simulator over real HTTPS, real keychain.
const simulator = useSimulator({ seed: 11, sites: 60 });
const consoles = useConsoles({ siteRefreshSeconds: 3600 });

/** Reads what the simulator itself says (as admin, over its API), to compare the console's views with. */
async function simulatorFacts<T>(read: (facts: Awaited<ReturnType<typeof readSiteFacts>>) => Promise<T>): Promise<T> {
  const facts = await readSiteFacts(simulator.sim);
  try {
    return await read(facts);
  } finally {
    await facts.close();
  }
}

async function signedIn(username: string): Promise<ConsoleService> {
  const service = await consoles.launch();
  await signIn(service, simulator.sim, username);
  return service;
}

/** Opens an online site and picks one of its appliances (an online one where there is one) to change. */
async function openOnlineSite(core: ConsoleService) {
  const { rows: sites } = await core.handlers['fleet:overview'](FleetQuerySchema.parse({ filters: { liveStatus: 'online' } }));
  const siteId = sites[0]!.siteId;
  await core.handlers['site:open']({ siteId });
  const before = await core.handlers['site:refresh']({ siteId });
  const target = before.appliances.find((appliance) => appliance.liveStatus === 'online') ?? before.appliances[0]!;
  return { siteId, target, control: (state: 'offline' | 'online') => simulator.control(`/control/appliances/${encodeURIComponent(target.applianceId)}/${state}`) };
}

describe('site views against the simulator', () => {
  it('opens a site: the simulator\'s appliances and compliance health, then the cached copy at once the next time', async () => {
    const core = await signedIn('admin');
    const { rows: sites } = await core.handlers['fleet:overview'](FleetQuerySchema.parse({ sortBy: 'applianceCount', sortDir: 'desc' }));
    const siteId = sites[0]!.siteId;

    const first = await core.handlers['site:open']({ siteId });
    expect(first.asOf).toBeNull();
    const before = Date.now();
    const fresh = await core.handlers['site:refresh']({ siteId });
    const facts = await simulatorFacts((read) => read.of(siteId));
    expect(fresh.error).toBeNull();
    expect(fresh.clinicName).toBe(facts.clinicName);
    expect(facts.appliances.length).toBeGreaterThan(0);
    expect(fresh.appliances.map(({ applianceId, hostname, agentVersion, ipAddresses }) => ({ applianceId, hostname, agentVersion, ipAddresses }))).toEqual(
      facts.appliances.map((appliance) => ({ applianceId: appliance.appliance_id, hostname: appliance.hostname, agentVersion: appliance.agent_version, ipAddresses: appliance.ip_addresses })),
    );
    expect(facts.compliance, 'the simulator scores this site').not.toBeNull();
    expect(fresh.compliance).toMatchObject({
      overallScore: facts.compliance!.overall_score,
      counts: facts.compliance!.counts,
      healing: { total: facts.compliance!.healing.total, autoHealed: facts.compliance!.healing.auto_healed, pending: facts.compliance!.healing.pending },
    });
    expect(Date.parse(fresh.asOf!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(fresh.asOf!)).toBeLessThanOrEqual(Date.now());

    expect(await core.handlers['site:close']({ siteId })).toEqual({ closed: true });
    // Refreshing a site that is not open fetches it once and does not keep it refreshing.
    const other = sites[1]!.siteId;
    expect((await core.handlers['site:refresh']({ siteId: other })).siteId).toBe(other);
    expect(await core.handlers['site:close']({ siteId: other })).toEqual({ closed: false });
    const again = await core.handlers['site:open']({ siteId });
    expect(again.asOf).toBe(fresh.asOf);
    expect(again.appliances).toEqual(fresh.appliances);
  });

  it('a site whose address names a state gets that state\'s time zone (sites in several zones)', async () => {
    const core = await signedIn('admin');
    const addressed = await simulatorFacts(async (read) => {
      const sites = await Promise.all((await read.siteIds()).slice(0, 12).map((siteId) => read.of(siteId)));
      return sites.filter((site) => site.address !== null);
    });
    expect(new Set(addressed.map((site) => zoneOfSimulatorAddress(site.address))).size, 'sites in more than one zone').toBeGreaterThan(1);
    for (const facts of addressed) {
      const view = await core.handlers['site:refresh']({ siteId: facts.siteId });
      expect(view.error).toBeNull();
      expect(view.clinicTimeZone, facts.address!).toBe(zoneOfSimulatorAddress(facts.address));
    }
  });

  it('a site without an address gets no time zone (shown as unknown)', async () => {
    const core = await signedIn('admin');
    const facts = await simulatorFacts((read) => read.find('site without an address', (site) => site.address === null));
    const view = await core.handlers['site:refresh']({ siteId: facts.siteId });
    expect(view.error).toBeNull();
    expect(view.clinicName).toBe(facts.clinicName);
    expect(view.clinicTimeZone).toBeNull();
  });

  it('an appliance that goes offline shows up on the next refresh', async () => {
    const core = await signedIn('admin');
    const { siteId, target, control } = await openOnlineSite(core);
    await control('offline');
    const after = await core.handlers['site:refresh']({ siteId });
    expect(after.appliances.find((appliance) => appliance.applianceId === target.applianceId)?.liveStatus).toBe('offline');
  });

  it('a /ws/events hint refetches the open site by itself', async () => {
    const core = await signedIn('admin');
    const { siteId, target, control } = await openOnlineSite(core);
    const hinted = new Promise<SiteView>((resolve) => {
      core.onEvent((event, payload) => {
        const view = payload as SiteView;
        if (event === 'site:changed' && view.siteId === siteId && view.appliances.some((a) => a.applianceId === target.applianceId && a.liveStatus === 'offline')) resolve(view);
      });
    });
    // Nothing here asks for a refresh. The hint socket connects in the background, so the change is
    // repeated (bounded) until a hint has arrived; the server drops hints sent before it listens.
    let arrived: SiteView | null = null;
    void hinted.then((view) => (arrived = view));
    for (let attempt = 0; attempt < 20 && !arrived; attempt += 1) {
      await control('offline');
      await Promise.race([hinted, new Promise((resolve) => setTimeout(resolve, 600))]);
      if (!arrived) await control('online');
    }
    expect(arrived).not.toBeNull();
    expect((await hinted).error).toBeNull();
  });

  it('keeps the attention list from the last sync', async () => {
    const core = await signedIn('admin');
    const attention = await core.handlers['attention:list'](undefined);
    const expected = await simulatorFacts((read) => read.attention());
    expect(expected.items.length, 'the simulator has sites that need attention').toBeGreaterThan(0);
    expect(attention).toMatchObject({ l3Count: expected.l3_count, repeatCount: expected.repeat_count, offlineCount: expected.offline_count });
    expect(attention.items).toHaveLength(expected.items.length);
    expect(Date.parse(attention.asOf!)).toBeLessThanOrEqual(Date.now());
  });

  it('a user scoped to some orgs syncs only their sites, and another site answers "not visible"', async () => {
    const everyone = await signedIn('admin');
    const allSites = (await everyone.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 }))).rows;
    await everyone.dispose();

    const scoped = await signedIn('olga');
    const visible = (await scoped.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 }))).rows;
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(allSites.length);
    const hidden = allSites.find((site) => !visible.some((own) => own.siteId === site.siteId))!;
    await scoped.handlers['site:open']({ siteId: hidden.siteId });
    const refused = await scoped.handlers['site:refresh']({ siteId: hidden.siteId });
    expect(refused.error?.code).toBe('not-found');
    expect(refused.appliances).toEqual([]);
  });
});
