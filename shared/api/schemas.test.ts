import { describe, expect, it } from 'vitest';
import { LoginResponseSchema, MeResponseSchema } from './auth.ts';
import { ClientOverviewSchema, GlobalStatsSchema, SiteRowSchema } from '../fleet/fleet-api.ts';
import { TimestampSchema } from './timestamp.ts';

const health = {
  connectivity: { checkin_freshness: 80, healing_success_rate: 97.5, order_execution_rate: 100, score: 92.5 },
  compliance: { patching: 100, antivirus: 100, backup: 0, logging: 100, firewall: 100, encryption: 100, network: 0, score: 71.43 },
  overall: 79.86,
  status: 'healthy',
};

const overview = {
  site_id: 's1',
  name: 'Clinic One',
  status: 'online',
  client_org_id: 'org-1',
  org_name: 'North Health',
  appliance_count: 3,
  online_count: 2,
  health,
  last_incident: '2026-05-17T10:00:00+00:00',
  incidents_24h: 4,
};

describe('timestamps', () => {
  it.each([
    ['2026-05-17T10:00:00Z', '2026-05-17T10:00:00.000Z'],
    ['2026-05-17T10:00:00+00:00', '2026-05-17T10:00:00.000Z'],
    ['2026-05-17T10:00:00.123456+00:00', '2026-05-17T10:00:00.123Z'],
    ['2026-05-17T12:00:00+02:00', '2026-05-17T10:00:00.000Z'],
  ])('accepts %s as %s', (input, canonical) => {
    expect(TimestampSchema.parse(input)).toBe(canonical);
  });

  it.each(['2026-05-17', 'yesterday', '2026-05-17 10:00:00', 1_700_000_000])('rejects %s', (input) => {
    expect(TimestampSchema.safeParse(input).success).toBe(false);
  });
});

describe('fleet schemas', () => {
  it('accepts a ClientOverview with integer or float scores and unknown extra fields', () => {
    const parsed = ClientOverviewSchema.parse({ ...overview, health: { ...health, overall: 80 }, new_server_field: { x: 1 } });
    expect(parsed.health.overall).toBe(80);
    expect(parsed.last_incident).toBe('2026-05-17T10:00:00.000Z');
    expect(parsed).not.toHaveProperty('new_server_field');
  });

  it('accepts the optional ClientOverview fields as missing or null', () => {
    const { client_org_id: _org, org_name: _name, last_incident: _last, ...minimal } = overview;
    expect(ClientOverviewSchema.safeParse(minimal).success).toBe(true);
    expect(ClientOverviewSchema.safeParse({ ...minimal, client_org_id: null, org_name: null, last_incident: null }).success).toBe(true);
  });

  it('rejects a missing health block and a float count', () => {
    const { health: _health, ...withoutHealth } = overview;
    expect(ClientOverviewSchema.safeParse(withoutHealth).success).toBe(false);
    expect(ClientOverviewSchema.safeParse({ ...overview, incidents_24h: 1.5 }).success).toBe(false);
  });

  it('requires the site row fields, nullable ones included', () => {
    const row = {
      site_id: 's1', clinic_name: 'Clinic One', tier: 'standard', status: 'pending', live_status: 'pending', onboarding_stage: 'active',
      created_at: '2026-01-01T00:00:00Z', updated_at: null, last_checkin: null, appliance_count: 0, client_org_id: null, org_name: null,
    };
    expect(SiteRowSchema.safeParse(row).success).toBe(true);
    const { last_checkin: _missing, ...withoutCheckin } = row;
    expect(SiteRowSchema.safeParse(withoutCheckin).success).toBe(false);
  });

  it('accepts GlobalStats without the server-defaulted fields', () => {
    const stats = {
      total_clients: 3, total_appliances: 9, online_appliances: 7, avg_compliance_score: 88, avg_connectivity_score: 91.25,
      incidents_24h: 4, incidents_7d: 20, incidents_30d: 71, l1_resolution_rate: 0.8, l2_resolution_rate: 0.15, l3_escalation_rate: 0.05,
    };
    expect(GlobalStatsSchema.safeParse(stats).success).toBe(true);
    expect(GlobalStatsSchema.safeParse({ ...stats, computed_at: '2026-05-17T10:00:00+00:00' }).success).toBe(true);
    expect(GlobalStatsSchema.safeParse({ ...stats, total_clients: '3' }).success).toBe(false);
  });
});

describe('auth schemas', () => {
  it('parses each LoginResponse variant', () => {
    expect(LoginResponseSchema.safeParse({ success: true, user: { username: 'a', displayName: 'A', role: 'admin' }, error: null }).success).toBe(true);
    expect(LoginResponseSchema.safeParse({ success: false, error: 'Invalid username or password' }).success).toBe(true);
    expect(LoginResponseSchema.safeParse({ success: false, error: 'mfa_required', user: { mfa_token: 'x' } }).success).toBe(true);
    expect(LoginResponseSchema.safeParse({ error: 'no success flag' }).success).toBe(false);
  });

  it('reads the /api/auth/me id as a string, also when a deployment sends an integer', () => {
    expect(MeResponseSchema.parse({ id: 'u-1', username: 'a', displayName: 'A', role: 'readonly' }).id).toBe('u-1');
    expect(MeResponseSchema.parse({ id: 42, username: 'a', displayName: 'A', role: 'readonly' }).id).toBe('42');
    expect(MeResponseSchema.safeParse({ id: true, username: 'a', displayName: 'A', role: 'readonly' }).success).toBe(false);
    expect(MeResponseSchema.safeParse({ username: 'a', displayName: 'A', role: 'readonly' }).success).toBe(false);
  });
});
