/** The simulator's own fleet tables (its "database"); API shapes are built from these in the route files. */

export interface ClientOrg {
  id: string;
  name: string;
}

export const COMPLIANCE_CATEGORIES = ['patching', 'antivirus', 'backup', 'logging', 'firewall', 'encryption', 'network'] as const;
export type ComplianceCategory = (typeof COMPLIANCE_CATEGORIES)[number];

export interface SiteCompliance {
  /** False for sites with no check results yet: the API then reports zeros. */
  hasData: boolean;
  /** Percentage of passing checks per category, 0-100. */
  categories: Record<ComplianceCategory, number>;
}

export interface SiteHealing {
  healingSuccessRate: number;
  orderExecutionRate: number;
  incidents24h: number;
  incidents7d: number;
  incidents30d: number;
  l1Resolved: number;
  l2Resolved: number;
  l3Escalated: number;
  lastIncidentMs: number | null;
}

export interface Appliance {
  applianceId: string;
  hostname: string;
  displayName: string | null;
  macAddress: string;
  ipAddresses: string[];
  agentVersion: string;
  nixosVersion: string;
  firstCheckinMs: number | null;
  lastCheckinMs: number | null;
  /** Age of the last check-in when the appliance last "spoke": kept by heartbeating appliances as the clock moves. */
  heartbeatAgeMs: number | null;
  /** Appliances that are alive keep checking in when the sim clock is advanced; dead ones only age. */
  alive: boolean;
  authFailureCount: number;
  uptimeSeconds: number | null;
  /** When the appliance was last seen to stop checking in (drift or the control API); null while it is healthy. */
  offlineSinceMs: number | null;
}

export interface Site {
  siteId: string;
  /** Null for a few legacy rows: the API then derives a name from the site id (differently per endpoint). */
  clinicName: string | null;
  clientOrgId: string | null;
  tier: string | null;
  onboardingStage: string | null;
  /** sites.status: 'inactive' sites are hidden from /api/sites but not from /api/dashboard/fleet. */
  status: 'active' | 'pending' | 'inactive';
  compliance: SiteCompliance;
  healing: SiteHealing;
  /** Free-text notes technicians keep on the site (none in a generated fleet; `--hostile` fills some). */
  notes: string | null;
  /** Go agents deployed on workstations at the site (feeds GlobalStats.total_go_agents). */
  goAgentCount: number;
  appliances: Appliance[];
}

export interface Fleet {
  seed: number;
  generatedAtMs: number;
  orgs: ClientOrg[];
  sites: Site[];
}

export function applianceCount(fleet: Fleet): number {
  return fleet.sites.reduce((sum, site) => sum + site.appliances.length, 0);
}
