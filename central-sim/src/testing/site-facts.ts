import type { RunningSimulator } from '../server.ts';
import { passwordOf, SimClient } from './sim-client.ts';

/**
 * What the simulator itself answers about a site, read over its own API as admin: the values a test
 * of the console's site page expects to see, taken from the source rather than from the console.
 */
export interface SiteFacts {
  siteId: string;
  clinicName: string;
  address: string | null;
  appliances: Array<{ appliance_id: string; hostname: string; agent_version: string | null; ip_addresses: string[]; live_status: string }>;
  compliance: {
    overall_score: number | null;
    counts: { passed: number; failed: number; warnings: number; total: number };
    healing: { total: number; auto_healed: number; pending: number };
  } | null;
}

/** The IANA zone of each state the simulator puts clinics in (fleet/names.ts CLINIC_CITIES). */
const ZONE_OF_CLINIC_STATE: Readonly<Record<string, string>> = {
  OR: 'America/Los_Angeles', AZ: 'America/Phoenix', CO: 'America/Denver', TX: 'America/Chicago', IL: 'America/Chicago', OH: 'America/New_York',
  GA: 'America/New_York', MA: 'America/New_York', AK: 'America/Anchorage', HI: 'Pacific/Honolulu', ID: 'America/Boise', FL: 'America/New_York',
};

/** The zone of a simulator address ("12 Main St, Austin, TX 78701"), or null for a site without one. */
export function zoneOfSimulatorAddress(address: string | null): string | null {
  if (address === null) return null;
  const state = /, ([A-Z]{2})(?: \d{5})?$/.exec(address)?.[1];
  const zone = state ? ZONE_OF_CLINIC_STATE[state] : undefined;
  if (!zone) throw new Error(`the simulator gave an address in no state it knows: ${address}`);
  return zone;
}

/** Reads sites' facts as admin; close() when done. */
export async function readSiteFacts(sim: RunningSimulator) {
  const client = new SimClient(sim);
  const login = await client.login('admin', passwordOf(sim, 'admin'));
  if (login.status !== 200) throw new Error(`admin sign-in to the simulator: ${login.status}`);
  const get = async <T>(path: string, allowMissing = false): Promise<T | null> => {
    const response = await client.get(path);
    if (allowMissing && response.status === 404) return null;
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    return response.json as T;
  };
  return {
    async siteIds(): Promise<string[]> {
      const page = await get<{ sites: Array<{ site_id: string }> }>('/api/sites?limit=500');
      return page!.sites.map((site) => site.site_id);
    },
    async of(siteId: string): Promise<SiteFacts> {
      const encoded = encodeURIComponent(siteId);
      const [detail, appliances, compliance] = await Promise.all([
        get<{ clinic_name: string; address: string | null }>(`/api/sites/${encoded}`),
        get<{ appliances: SiteFacts['appliances'] }>(`/api/sites/${encoded}/appliances`),
        get<NonNullable<SiteFacts['compliance']>>(`/api/dashboard/sites/${encoded}/compliance-health`, true),
      ]);
      return { siteId, clinicName: detail!.clinic_name, address: detail!.address, appliances: appliances!.appliances, compliance };
    },
    /** The fleet's "needs attention" counts, as GET /api/dashboard/attention-required gives them. */
    async attention(): Promise<{ items: unknown[]; l3_count: number; repeat_count: number; offline_count: number }> {
      return (await get<{ items: unknown[]; l3_count: number; repeat_count: number; offline_count: number }>('/api/dashboard/attention-required'))!;
    },
    /** The first site (in /api/sites order) whose facts match. */
    async find(what: string, match: (facts: SiteFacts) => boolean): Promise<SiteFacts> {
      for (const siteId of await this.siteIds()) {
        const facts = await this.of(siteId);
        if (match(facts)) return facts;
      }
      throw new Error(`the simulator has no ${what}`);
    },
    close: () => client.close(),
  };
}
