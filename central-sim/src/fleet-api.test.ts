import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type ApiResponse, type TestSim } from './testing/sim-client.ts';

// The fleet endpoints over HTTPS with a frozen base clock, so nothing changes unless a test moves it.
const FROZEN_NOW = Date.UTC(2026, 4, 17, 12, 0, 7, 250);
let test: TestSim;
let c: SimClient;

type SiteRow = Record<string, unknown> & { site_id: string; live_status: string };
type SitesEnvelope = { sites: SiteRow[]; count: number; total: number; limit: number; offset: number; stats: Record<string, number> };
type Overview = Record<string, unknown> & { site_id: string };

beforeAll(async () => {
  test = await startTestSim({ seed: 42, sites: 300, now: () => FROZEN_NOW });
  c = new SimClient(test.sim);
  expect((await c.login('admin', passwordOf(test.sim, 'admin'))).json).toMatchObject({ success: true });
});

afterAll(async () => {
  await c.close();
  await test.stop();
});

async function allPages<T>(fetchPage: (offset: number) => Promise<T[]>, pageSize: number): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await fetchPage(offset);
    rows.push(...page);
    if (page.length < pageSize) return rows;
  }
}

describe('GET /api/dashboard/fleet', () => {
  it('is a bare array, 100 by default, and pages cover every site exactly once', async () => {
    const first = await c.get('/api/dashboard/fleet');
    expect(Array.isArray(first.json)).toBe(true);
    expect((first.json as unknown[]).length).toBe(100);
    const rows = await allPages(async (offset) => (await c.get(`/api/dashboard/fleet?limit=37&offset=${offset}`)).json as Overview[], 37);
    const ids = rows.map((row) => row.site_id);
    expect(ids).toHaveLength(test.sim.siteCount);
    expect(new Set(ids).size).toBe(test.sim.siteCount);
  });

  it('orders by latest check-in, newest first, so a check-in moves a site to the top', async () => {
    const before = (await c.get('/api/dashboard/fleet?limit=500')).json as Overview[];
    const last = before[before.length - 1]!;
    await control(test.sim, 'POST', '/control/fleet/touch', { siteId: last.site_id });
    const after = (await c.get('/api/dashboard/fleet?limit=500')).json as Overview[];
    expect(after[0]!.site_id).toBe(last.site_id);
  });

  it('validates limit and offset like FastAPI', async () => {
    const res = await c.get('/api/dashboard/fleet?limit=501&offset=-1');
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      detail: [
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 500', input: '501', ctx: { le: 500 } },
        { type: 'greater_than_equal', loc: ['query', 'offset'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
      ],
    });
    expect(((await c.get('/api/dashboard/fleet?limit=ten')).json as { detail: { type: string }[] }).detail[0]!.type).toBe('int_parsing');
  });

  it('computes overall as connectivity*0.4 + compliance*0.6 and the status rules', async () => {
    const rows = (await c.get('/api/dashboard/fleet?limit=500')).json as {
      health: { connectivity: { checkin_freshness: number; score: number }; compliance: { score: number }; overall: number; status: string };
    }[];
    expect(rows).toHaveLength(test.sim.siteCount);
    for (const { health } of rows) {
      expect(health.overall).toBeCloseTo(health.connectivity.score * 0.4 + health.compliance.score * 0.6, 9);
      const { checkin_freshness: freshness } = health.connectivity;
      const compliance = health.compliance.score;
      const expected = freshness >= 80 && compliance >= 70 ? 'healthy' : freshness >= 50 || compliance >= 50 ? 'warning' : 'critical';
      expect(health.status).toBe(expected);
    }
    expect(new Set(rows.map((row) => row.health.status)).size).toBeGreaterThanOrEqual(2);
  });
});

describe('GET /api/sites', () => {
  const sites = async (query: string) => (await c.get(`/api/sites${query}`)).json as SitesEnvelope;

  it('pages (25 by default) cover every listed site exactly once, for every sort', async () => {
    const first = await sites('');
    expect(first.limit).toBe(25);
    expect(first.count).toBe(25);
    for (const sortBy of ['clinic_name', 'site_id', 'last_checkin', 'tier', 'onboarding_stage', 'appliance_count', 'org_name']) {
      for (const dir of ['asc', 'desc']) {
        const rows = await allPages(async (offset) => (await sites(`?sort_by=${sortBy}&sort_dir=${dir}&limit=40&offset=${offset}`)).sites, 40);
        expect(rows).toHaveLength(first.total);
        expect(new Set(rows.map((row) => row.site_id)).size).toBe(first.total);
      }
    }
  });

  it('lists only sites with appliances that are not decommissioned, so its total is below the fleet count', async () => {
    const { total } = await sites('');
    expect(total).toBeLessThan(test.sim.siteCount);
    expect(total).toBeGreaterThan(test.sim.siteCount * 0.9);
  });

  it('counts stats before the status filter and covers every live_status', async () => {
    const all = await sites('?limit=500');
    expect(all.stats).toEqual({
      online: all.sites.filter((s) => s.live_status === 'online').length,
      stale: all.sites.filter((s) => s.live_status === 'stale').length,
      offline: all.sites.filter((s) => s.live_status === 'offline').length,
      pending: all.sites.filter((s) => s.live_status === 'pending').length,
      auth_failed: all.sites.filter((s) => s.live_status === 'auth_failed').length,
    });
    for (const count of Object.values(all.stats)) expect(count).toBeGreaterThan(0);
    const stale = await sites('?status=stale&limit=500');
    expect(stale.stats).toEqual(all.stats);
    expect(stale.total).toBe(all.stats.stale);
    expect(stale.sites.every((s) => s.live_status === 'stale')).toBe(true);
    // auth_failed is reported but cannot be filtered on.
    expect((await c.get('/api/sites?status=auth_failed')).status).toBe(422);
  });

  it('sorts strings by code point and searches with ILIKE wildcards', async () => {
    const rows = (await sites('?limit=500&sort_by=clinic_name')).sites.map((s) => s.clinic_name as string);
    expect(rows).toEqual([...rows].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const dental = await sites('?search=DENTAL&limit=500');
    expect(dental.total).toBeGreaterThan(0);
    const wildcard = await sites('?search=d_ntal&limit=500');
    expect(wildcard.total).toBe(dental.total);
    expect((await sites('?search=%25&limit=1')).total).toBe((await sites('')).total);
  });

  it('renders timestamps with +00:00 while the fleet view uses Z', async () => {
    const row = (await sites('?status=online&limit=1')).sites[0]!;
    expect(row.last_checkin).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    const fleet = (await c.get('/api/dashboard/fleet?limit=500')).json as { last_incident: string | null }[];
    const incident = fleet.find((r) => r.last_incident !== null)!.last_incident!;
    expect(incident).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
  });

  it('redirects a trailing slash and answers unknown routes like Starlette', async () => {
    const slash = await c.get('/api/sites/?limit=3');
    expect(slash.status).toBe(307);
    expect(slash.headers.location).toBe(`${test.sim.url}/api/sites?limit=3`);
    expect((await c.get('/api/nope')).json).toEqual({ detail: 'Not Found' });
    const wrongMethod = await c.request('DELETE', '/api/dashboard/stats');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toEqual({ detail: 'Method Not Allowed' });
  });
});

describe('ETag and 304', () => {
  const etagOf = (res: ApiResponse) => res.headers.etag as string;

  it('gives every JSON GET a weak md5 ETag and answers an exact If-None-Match with a bodiless 304', async () => {
    for (const path of ['/api/dashboard/fleet?limit=5', '/api/sites', '/api/dashboard/stats', '/api/auth/me']) {
      const first = await c.get(path);
      expect(etagOf(first)).toMatch(/^W\/"[0-9a-f]{32}"$/);
      const again = await c.get(path, { headers: { 'if-none-match': etagOf(first) } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(etagOf(again)).toBe(etagOf(first));
      // Not a weak comparison: anything but the exact string gets the full body.
      const stripped = await c.get(path, { headers: { 'if-none-match': etagOf(first).slice(2) } });
      expect(stripped.status).toBe(200);
    }
  });

  it('puts an ETag on error responses too', async () => {
    const anonymous = new SimClient(test.sim);
    try {
      expect(etagOf(await anonymous.get('/api/dashboard/stats'))).toMatch(/^W\//);
    } finally {
      await anonymous.close();
    }
  });

  it('changes when the fleet changes (touch), and when the clock moves a site across a threshold', async () => {
    const before = await c.get('/api/sites?limit=500');
    const touched = await control(test.sim, 'POST', '/control/fleet/touch', {});
    expect(touched.status).toBe(200);
    const after = await c.get('/api/sites?limit=500', { headers: { 'if-none-match': etagOf(before) } });
    expect(after.status).toBe(200);
    expect(etagOf(after)).not.toBe(etagOf(before));
    const stats = await c.get('/api/dashboard/stats');
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 2 * 3600 });
    // Two idle hours also ended the session: sign in again.
    expect((await c.get('/api/dashboard/stats')).status).toBe(401);
    await c.login('admin', passwordOf(test.sim, 'admin'));
    expect((await c.get('/api/dashboard/stats', { headers: { 'if-none-match': etagOf(stats) } })).status).toBe(200);
  });
});

describe('determinism', () => {
  it('serves byte-identical lists for the same seed and clock, and different ones for another seed', async () => {
    const body = async (seed: number) => {
      const other = await startTestSim({ seed, sites: 300, now: () => FROZEN_NOW });
      const client = new SimClient(other.sim);
      try {
        await client.login('admin', passwordOf(other.sim, 'admin'));
        return [(await client.get('/api/sites?limit=500')).text, (await client.get('/api/dashboard/fleet?limit=500')).text];
      } finally {
        await client.close();
        await other.stop();
      }
    };
    const [a, b, other] = [await body(42), await body(42), await body(43)];
    expect(a).toEqual(b);
    expect(other[0]).not.toBe(a[0]);
  });
});
