import { createRng, type Rng } from '../random.ts';
import { pythonIsoformat } from '../timestamps.ts';
import { liveStatus } from './live-status.ts';
import type { Appliance, ComplianceCategory, Fleet, Site } from './model.ts';

/** Payloads of the two WebSocket events the real server emits for fleet changes, field for field. */

export function checkinPayload(site: Site, appliance: Appliance, nowMs: number): Record<string, unknown> {
  return {
    site_id: site.siteId,
    appliance_id: appliance.applianceId,
    hostname: appliance.hostname,
    status: liveStatus(appliance.lastCheckinMs, appliance.authFailureCount, nowMs),
    last_checkin: appliance.lastCheckinMs === null ? null : pythonIsoformat(appliance.lastCheckinMs),
    agent_version: appliance.agentVersion,
    ip_addresses: [...appliance.ipAddresses],
    uptime_seconds: appliance.uptimeSeconds,
  };
}

/** The drift check that feeds each compliance category. */
const CHECK_TYPES: Record<ComplianceCategory, string> = {
  patching: 'windows_update',
  antivirus: 'defender_status',
  backup: 'backup_verify',
  logging: 'audit_logging',
  firewall: 'firewall_profile',
  encryption: 'bitlocker_status',
  network: 'network_segmentation',
};

/**
 * Evidence bundles are hash-chained per site: each drift result gets the next chain position and a bundle id.
 * Positions start from a seeded base so they look like a fleet that has been running for a while.
 */
export class EvidenceChain {
  readonly #rng: Rng;
  readonly #positions = new Map<string, number>();

  constructor(fleet: Fleet) {
    this.#rng = createRng(fleet.seed, 'evidence');
  }

  driftPayload(site: Site, category: ComplianceCategory, passed: boolean, nowMs: number): Record<string, unknown> {
    const position = (this.#positions.get(site.siteId) ?? 1000 + this.#rng.int(0, 50_000)) + 1;
    this.#positions.set(site.siteId, position);
    const day = new Date(nowMs).toISOString().slice(0, 10).replaceAll('-', '');
    return {
      site_id: site.siteId,
      check_type: CHECK_TYPES[category],
      check_result: passed ? 'pass' : 'fail',
      bundle_id: `CB-${day}-${this.#rng.hex(12)}`,
      chain_position: position,
    };
  }
}
