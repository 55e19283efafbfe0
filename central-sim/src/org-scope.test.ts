import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';

// org_scope: olga is assigned a few client orgs and must see only their sites, everywhere; 404 elsewhere.
const FROZEN_NOW = Date.UTC(2026, 4, 17, 12, 0, 7, 250);
let test: TestSim;
let admin: SimClient;
let olga: SimClient;
/** Every fleet site → its client_org_id, as the global admin sees it. */
const orgOf = new Map<string, string | null>();
let scope: string[];
let inScope: string[];
let outOfScope: string[];

beforeAll(async () => {
  test = await startTestSim({ seed: 42, sites: 60, now: () => FROZEN_NOW });
  admin = new SimClient(test.sim);
  olga = new SimClient(test.sim);
  expect((await admin.login('admin', passwordOf(test.sim, 'admin'))).json).toMatchObject({ success: true });
  expect((await olga.login('olga', passwordOf(test.sim, 'olga'))).json).toMatchObject({ success: true });
  for (const row of (await admin.get('/api/dashboard/fleet?limit=500')).json as { site_id: string }[]) {
    orgOf.set(row.site_id, ((await admin.get(`/api/sites/${row.site_id}`)).json as { client_org_id: string | null }).client_org_id);
  }
  scope = test.sim.users.find((u) => u.username === 'olga')!.orgScope!;
  inScope = [...orgOf].filter(([, org]) => org !== null && scope.includes(org)).map(([id]) => id);
  outOfScope = [...orgOf.keys()].filter((id) => !inScope.includes(id));
});

afterAll(async () => {
  await admin.close();
  await olga.close();
  await test.stop();
});

describe('org-scoped user olga', () => {
  it('is a TOTP-free operator assigned 2-3 orgs from the seed; other demo users are global', async () => {
    expect((await olga.get('/api/auth/me')).json).toMatchObject({ username: 'olga', role: 'operator' });
    expect(scope.length).toBeGreaterThanOrEqual(2);
    expect(scope.length).toBeLessThanOrEqual(3);
    expect(inScope.length).toBeGreaterThan(0);
    expect(outOfScope.length).toBeGreaterThan(0);
    for (const user of test.sim.users.filter((u) => u.username !== 'olga')) expect(user.orgScope).toBeNull();
    const again = await startTestSim({ seed: 42, sites: 60, now: () => FROZEN_NOW });
    const other = await startTestSim({ seed: 7, sites: 60, now: () => FROZEN_NOW });
    expect(again.sim.users.find((u) => u.username === 'olga')!.orgScope).toEqual(scope);
    expect(other.sim.users.find((u) => u.username === 'olga')!.orgScope).not.toEqual(scope);
    await again.stop();
    await other.stop();
  });

  it('sees only in-scope sites in the fleet view, /api/sites, posture, attention and the rollup', async () => {
    const fleet = (await olga.get('/api/dashboard/fleet?limit=500')).json as { site_id: string }[];
    expect(fleet.map((r) => r.site_id).sort()).toEqual([...inScope].sort());
    const sites = (await olga.get('/api/sites?limit=500')).json as { sites: { site_id: string; client_org_id: string }[]; total: number; stats: Record<string, number> };
    const adminSites = ((await admin.get('/api/sites?limit=500')).json as { sites: { site_id: string }[] }).sites.filter((s) => inScope.includes(s.site_id));
    expect(sites.sites.map((s) => s.site_id)).toEqual(adminSites.map((s) => s.site_id));
    expect(Object.values(sites.stats).reduce((a, b) => a + b, 0)).toBe(sites.total);
    const posture = (await olga.get('/api/dashboard/fleet-posture')).json as { site_id: string }[];
    expect(posture.map((r) => r.site_id).sort()).toEqual([...inScope].sort());
    const attention = (await olga.get('/api/dashboard/attention-required')).json as { items: { site_id: string }[] };
    const adminAttention = (await admin.get('/api/dashboard/attention-required')).json as { items: { site_id: string }[] };
    expect(attention.items).toEqual(adminAttention.items.filter((item) => inScope.includes(item.site_id)));
    const rollup = (await olga.get('/api/appliances/status-rollup?limit=5000')).json as { appliances: { site_id: string }[] };
    expect(rollup.appliances.length).toBeGreaterThan(0);
    expect(rollup.appliances.every((a) => inScope.includes(a.site_id))).toBe(true);
  });

  it('gets stats over her sites only', async () => {
    const mine = (await olga.get('/api/dashboard/stats')).json as { total_clients: number; total_appliances: number };
    const all = (await admin.get('/api/dashboard/stats')).json as { total_clients: number; total_appliances: number };
    expect(mine.total_clients).toBe(inScope.length);
    expect(all.total_clients).toBe(orgOf.size);
    const appliances = (await olga.get('/api/appliances/status-rollup?limit=5000')).json as { count: number };
    expect(mine.total_appliances).toBe(appliances.count);
  });

  it.each(['/api/dashboard/fleet/{id}', '/api/dashboard/fleet/{id}/appliances', '/api/sites/{id}', '/api/sites/{id}/appliances', '/api/dashboard/sites/{id}/compliance-health', '/api/appliances/status-rollup?site_id={id}'])(
    '%s: 404 "Site not found" out of scope (200 for admin), 200 in scope',
    async (template) => {
      const outside = template.replace('{id}', outOfScope[0]!);
      expect((await admin.get(outside)).status).toBe(200);
      const refused = await olga.get(outside);
      expect(refused.status).toBe(404);
      expect(refused.json).toEqual({ error: 'Site not found', status_code: 404 });
      expect((await olga.get(template.replace('{id}', inScope[0]!))).status).toBe(200);
    },
  );
});
