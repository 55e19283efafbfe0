import { createRng, type Rng } from '../random.ts';
import { forceOnline } from './force-state.ts';
import { COMPLIANCE_CATEGORIES, type Fleet, type Site } from './model.ts';

/**
 * Alive appliances keep checking in while simulated time passes: they keep the check-in age they had
 * at generation. Dead (stale, offline, failing) appliances keep their absolute timestamp and so age.
 */
export function refreshHeartbeats(fleet: Fleet, nowMs: number): number {
  let changed = 0;
  for (const site of fleet.sites) {
    for (const appliance of site.appliances) {
      if (!appliance.alive || appliance.heartbeatAgeMs === null) continue;
      const next = nowMs - appliance.heartbeatAgeMs;
      if (appliance.lastCheckinMs === null || next > appliance.lastCheckinMs) {
        appliance.lastCheckinMs = next;
        changed++;
      }
    }
  }
  return changed;
}

export interface TouchResult {
  siteId: string;
  applianceId: string | null;
  lastCheckinMs: number | null;
  complianceCategory: string | null;
}

/**
 * Something happens at one site (chosen by the caller or by a seeded stream): an appliance checks in now
 * and a compliance category moves, so every list that includes the site changes its ETag.
 */
export class FleetToucher {
  readonly #fleet: Fleet;
  readonly #rng: Rng;

  constructor(fleet: Fleet) {
    this.#fleet = fleet;
    this.#rng = createRng(fleet.seed, 'touch');
  }

  touch(nowMs: number, siteId?: string): TouchResult | null {
    const site = siteId === undefined ? this.#pickSite() : this.#fleet.sites.find((s) => s.siteId === siteId);
    if (!site) return null;
    const appliance = site.appliances.length > 0 ? this.#rng.pick(site.appliances) : null;
    // The caller publishes the check-in (with the compliance change), so forceOnline's event is not needed here.
    if (appliance) forceOnline(site, appliance, nowMs);
    const category = this.#moveCompliance(site);
    return { siteId: site.siteId, applianceId: appliance?.applianceId ?? null, lastCheckinMs: appliance?.lastCheckinMs ?? null, complianceCategory: category };
  }

  #pickSite(): Site | undefined {
    const withAppliances = this.#fleet.sites.filter((site) => site.appliances.length > 0);
    return withAppliances.length > 0 ? this.#rng.pick(withAppliances) : this.#fleet.sites[0];
  }

  #moveCompliance(site: Site): string {
    site.compliance.hasData = true;
    const category = this.#rng.pick(COMPLIANCE_CATEGORIES);
    const current = site.compliance.categories[category];
    // Always a different value, so the site's rows are guaranteed to change.
    site.compliance.categories[category] = current === 100 ? this.#rng.pick([50, 67, 75, 88]) : 100;
    return category;
  }
}
