import { describe, expect, it } from 'vitest';
import { ComplianceHealthSchema, SiteAppliancesSchema } from './site-api.ts';

const appliance = {
  appliance_id: 'ap-1', hostname: 'nixos-fd01', display_name: null, mac_address: 'aa:bb:cc:dd:ee:ff', ip_addresses: ['10.0.0.5'],
  agent_version: '2.4.1', nixos_version: '24.11', status: 'online', stored_status: 'online', live_status: 'online',
  first_checkin: '2026-01-01T00:00:00+00:00', last_checkin: '2026-11-23T10:00:00Z', uptime_seconds: 86400, l2_mode: 'auto',
  offline_since: null, mesh_peer_count: 2, mesh_ring_size: 3, mesh_peer_macs: [], assigned_target_count: 4, network_anomaly: null,
};

describe('site detail schemas', () => {
  it('parses a site appliance list as the server sends it, extra fields included', () => {
    const parsed = SiteAppliancesSchema.parse({ site_id: 's1', appliances: [appliance], count: 1, site_subnet_majority: '10.0.0.0/24' });
    expect(parsed.appliances[0]).toMatchObject({ appliance_id: 'ap-1', last_checkin: '2026-11-23T10:00:00.000Z' });
  });

  it('rejects an appliance row that lost its live_status, naming the path', () => {
    const { live_status: _dropped, ...broken } = appliance;
    const result = SiteAppliancesSchema.safeParse({ site_id: 's1', appliances: [broken], count: 1, site_subnet_majority: null });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['appliances', 0, 'live_status']);
  });

  it('accepts a compliance health without data (null scores)', () => {
    const health = {
      site_id: 's1', clinic_name: 'Clinic', overall_score: null, breakdown: {}, counts: { passed: 0, failed: 0, warnings: 0, total: 0 },
      go_agents: { agent_count: 0, checks_passed: 0, checks_total: 0, compliance_score: null }, trend: [],
      healing: { total: 0, auto_healed: 0, pending: 0 }, network_coverage_pct: null, unmanaged_device_count: 0,
    };
    expect(ComplianceHealthSchema.parse(health).overall_score).toBeNull();
  });
});
