import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';

// The per-site and fleet-widget endpoints, over HTTPS with a frozen base clock (only the control API moves it).
const FROZEN_NOW = Date.UTC(2026, 4, 17, 12, 0, 7, 250);
let test: TestSim;
let c: SimClient;

type Row = Record<string, unknown>;
type SiteListRow = Row & { site_id: string; appliance_count: number };
type ApplianceRow = Row & { appliance_id: string; live_status: string; ip_addresses: string[] };

beforeAll(async () => {
  test = await startTestSim({ seed: 42, sites: 40, now: () => FROZEN_NOW });
  c = new SimClient(test.sim);
  expect((await c.login('admin', passwordOf(test.sim, 'admin'))).json).toMatchObject({ success: true });
});

afterAll(async () => {
  await c.close();
  await test.stop();
});

// The loops over these lists check nothing if a list comes back empty: each helper insists it does not.
async function fleetSiteIds(): Promise<string[]> {
  const ids = ((await c.get('/api/dashboard/fleet?limit=500')).json as { site_id: string }[]).map((row) => row.site_id);
  expect(ids.length, 'the fleet view lists sites').toBeGreaterThan(0);
  return ids;
}

async function sitesWithAppliances(): Promise<SiteListRow[]> {
  const sites = ((await c.get('/api/sites?limit=500')).json as { sites: SiteListRow[] }).sites;
  expect(sites.length, 'the sites API lists sites').toBeGreaterThan(0);
  return sites;
}

describe('per-site endpoints', () => {
  const PATHS = ['/api/dashboard/fleet/{id}', '/api/dashboard/fleet/{id}/appliances', '/api/sites/{id}', '/api/sites/{id}/appliances', '/api/dashboard/sites/{id}/compliance-health'];

  it.each(PATHS)('%s: 404 {"error":"Site not found"} for an unknown site, 401 without a session', async (template) => {
    const unknown = await c.get(template.replace('{id}', 'no-such-site'));
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: 'Site not found', status_code: 404 });
    const anonymous = new SimClient(test.sim);
    const site = (await fleetSiteIds())[0]!;
    expect((await anonymous.get(template.replace('{id}', site))).status).toBe(401);
    await anonymous.close();
  });

  it.each(PATHS)('%s: ETag and bodiless 304 on an exact If-None-Match', async (template) => {
    const path = template.replace('{id}', (await sitesWithAppliances())[0]!.site_id);
    const first = await c.get(path);
    expect(first.status).toBe(200);
    const again = await c.get(path, { headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('ClientDetail: the same appliances as the sites API, recent_incidents always []', async () => {
    for (const site of await sitesWithAppliances()) {
      const detail = (await c.get(`/api/dashboard/fleet/${site.site_id}`)).json as { site_id: string; appliances: { id: string }[]; recent_incidents: unknown[] };
      const rows = (await c.get(`/api/sites/${site.site_id}/appliances`)).json as { appliances: ApplianceRow[]; count: number };
      expect(detail.site_id).toBe(site.site_id);
      expect(detail.recent_incidents).toEqual([]);
      expect(detail.appliances.map((a) => a.id)).toEqual(rows.appliances.map((a) => a.appliance_id));
      expect(rows.count).toBe(site.appliance_count);
      const bare = (await c.get(`/api/dashboard/fleet/${site.site_id}/appliances`)).json;
      expect(bare).toEqual(detail.appliances);
    }
  });

  it('a site without appliances still has a detail (fleet view lists it; /api/sites does not)', async () => {
    const listed = new Set((await sitesWithAppliances()).map((s) => s.site_id));
    const hidden = (await fleetSiteIds()).filter((id) => !listed.has(id));
    expect(hidden.length).toBeGreaterThan(0);
    expect((await c.get(`/api/sites/${hidden[0]}`)).status).toBe(200);
  });

  it('site detail: credentials without passwords, stale count, appliances equal to the appliances endpoint', async () => {
    let withCredentials = 0;
    for (const site of await sitesWithAppliances()) {
      const detail = (await c.get(`/api/sites/${site.site_id}`)).json as { credentials: Row[]; stale_credentials_count: number; credential_health: Row[]; appliances: ApplianceRow[] };
      const rows = (await c.get(`/api/sites/${site.site_id}/appliances`)).json as { appliances: ApplianceRow[] };
      expect(detail.appliances).toEqual(rows.appliances);
      expect(JSON.stringify(detail)).not.toMatch(/password/i);
      expect(detail.stale_credentials_count).toBe(detail.credentials.filter((x) => x.is_stale === true).length);
      expect(detail.credential_health).toHaveLength(detail.credentials.length);
      if (detail.credentials.length > 0) withCredentials++;
    }
    expect(withCredentials).toBeGreaterThan(0);
  });

  it('appliance rows: subnet majority is the commonest /24, offline_since only for offline appliances', async () => {
    for (const site of await sitesWithAppliances()) {
      const body = (await c.get(`/api/sites/${site.site_id}/appliances`)).json as { site_id: string; appliances: ApplianceRow[]; site_subnet_majority: string | null };
      expect(body.site_id).toBe(site.site_id);
      const nets = body.appliances.flatMap((a) => (a.ip_addresses[0] ? [a.ip_addresses[0].replace(/\.\d+$/, '.0/24')] : []));
      if (nets.length === 0) expect(body.site_subnet_majority).toBeNull();
      else expect(nets.filter((n) => n === body.site_subnet_majority).length).toBe(Math.max(...nets.map((n) => nets.filter((m) => m === n).length)));
      for (const row of body.appliances) {
        if (row.live_status !== 'offline') expect(row.offline_since).toBeNull();
        expect(row.status).toBe(row.live_status);
      }
    }
  });

  it('compliance-health: counts are the sum of the breakdown; overall_score matches the fleet view', async () => {
    const fleet = (await c.get('/api/dashboard/fleet?limit=500')).json as { site_id: string; health: { compliance: { score: number } } }[];
    let checked = 0;
    for (const row of fleet) {
      const body = (await c.get(`/api/dashboard/sites/${row.site_id}/compliance-health`)).json as { overall_score: number | null; breakdown: Record<string, { passed: number; failed: number; warnings: number; total: number }>; counts: Record<string, number> };
      const sum = (key: 'passed' | 'failed' | 'warnings' | 'total') => Object.values(body.breakdown).reduce((total, c) => total + c[key], 0);
      expect(body.counts).toEqual({ passed: sum('passed'), failed: sum('failed'), warnings: sum('warnings'), total: sum('total') });
      expect(Object.keys(body.breakdown)).toEqual(['patching', 'antivirus', 'backup', 'logging', 'firewall', 'encryption', 'network']);
      if (body.overall_score !== null) {
        expect(body.overall_score).toBe(row.health.compliance.score);
        checked++;
      } else expect(body.counts.total).toBe(0);
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('fleet widgets', () => {
  it('fleet-posture: one row per fleet site, compliance_score as in the fleet view', async () => {
    const fleet = (await c.get('/api/dashboard/fleet?limit=500')).json as { site_id: string; health: { compliance: { score: number } } }[];
    const posture = (await c.get('/api/dashboard/fleet-posture')).json as { site_id: string; compliance_score: number; appliance_count: number; online_count: number }[];
    expect(posture.length).toBe(test.sim.siteCount);
    expect(posture.map((r) => r.site_id).sort()).toEqual(fleet.map((r) => r.site_id).sort());
    const scores = new Map(fleet.map((r) => [r.site_id, r.health.compliance.score]));
    for (const row of posture) {
      expect(row.compliance_score).toBe(scores.get(row.site_id));
      expect(row.online_count).toBeLessThanOrEqual(row.appliance_count);
    }
  });

  it('attention-required: counts agree with the items; offline appliances are the offline rows of the sites API', async () => {
    const body = (await c.get('/api/dashboard/attention-required')).json as { count: number; l3_count: number; repeat_count: number; offline_count: number; items: { type: string; severity: string }[] };
    expect(body.count).toBe(body.items.length);
    expect(body.l3_count + body.repeat_count + body.offline_count).toBe(body.count);
    expect(body.l3_count).toBe(body.items.filter((i) => i.type === 'l3_escalation').length);
    expect(body.items.filter((i) => i.type === 'l3_escalation').every((i) => i.severity === 'critical')).toBe(true);
    const severities = body.items.map((i) => i.severity);
    expect(severities).toEqual([...severities].sort());
    let offline = 0;
    for (const site of await fleetSiteIds()) {
      const rows = (await c.get(`/api/sites/${site}/appliances`)).json as { appliances: ApplianceRow[] };
      offline += rows.appliances.filter((a) => a.live_status === 'offline').length;
    }
    expect(offline).toBeGreaterThan(0);
    expect(body.offline_count).toBe(offline);
  });

  it('status-rollup: totals, site and status filters, and FastAPI validation of limit', async () => {
    const all = (await c.get('/api/appliances/status-rollup')).json as { appliances: ApplianceRow[]; count: number; totals: Record<string, number>; generated_at: string };
    expect(all.count).toBe(all.appliances.length);
    expect(all.count).toBe(test.sim.applianceCount);
    for (const status of ['online', 'stale', 'offline'] as const) expect(all.totals[status]).toBe(all.appliances.filter((a) => a.live_status === status).length);
    expect(all.generated_at).toMatch(/^2026-05-17T12:00:00\+00:00$/);
    const limited = (await c.get('/api/appliances/status-rollup?limit=3')).json as { count: number; totals: Record<string, number> };
    expect(limited.count).toBe(3);
    expect(limited.totals).toEqual(all.totals);
    const site = (await sitesWithAppliances())[0]!;
    const one = (await c.get(`/api/appliances/status-rollup?site_id=${site.site_id}`)).json as { appliances: (ApplianceRow & { site_id: string })[] };
    expect(one.appliances).toHaveLength(site.appliance_count);
    expect(one.appliances.every((a) => a.site_id === site.site_id)).toBe(true);
    const offline = (await c.get('/api/appliances/status-rollup?status=offline')).json as { appliances: ApplianceRow[] };
    expect(offline.appliances.length).toBe(all.totals.offline);
    expect((await c.get('/api/appliances/status-rollup?site_id=nope')).status).toBe(404);
    for (const bad of ['0', '5001', 'x']) expect((await c.get(`/api/appliances/status-rollup?limit=${bad}`)).status).toBe(422);
    expect((await c.get('/api/appliances/status-rollup?limit=5000')).status).toBe(200);
  });

  it('status-rollup lags like a materialized view: a check-in shows only after the next minute', async () => {
    type Rolled = ApplianceRow & { last_checkin: string | null };
    await c.get('/api/appliances/status-rollup'); // the view of this minute exists before the check-in
    const touched = (await control(test.sim, 'POST', '/control/fleet/touch', {})).json as { siteId: string; applianceId: string; lastCheckin: string };
    const rolled = async () => ((await c.get(`/api/appliances/status-rollup?site_id=${touched.siteId}`)).json as { appliances: Rolled[] }).appliances.find((a) => a.appliance_id === touched.applianceId)!;
    const live = async () => ((await c.get(`/api/sites/${touched.siteId}/appliances`)).json as { appliances: Rolled[] }).appliances.find((a) => a.appliance_id === touched.applianceId)!;
    expect((await live()).last_checkin).toBe(touched.lastCheckin);
    expect((await rolled()).last_checkin).not.toBe(touched.lastCheckin);
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 60 });
    expect((await rolled()).last_checkin).toBe((await live()).last_checkin);
    expect((await rolled()).live_status).toBe('online');
  });
});
