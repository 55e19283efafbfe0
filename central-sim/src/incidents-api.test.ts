import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';

// The incident endpoints over HTTPS with a frozen base clock and frozen incident activity (the test sim's
// default), so nothing changes unless a test moves it.
const FROZEN_NOW = Date.UTC(2026, 4, 17, 12, 0, 7, 250);
const LIST_FIELDS = ['id', 'site_id', 'hostname', 'check_type', 'severity', 'resolution_level', 'resolved', 'resolved_at', 'hipaa_controls', 'remediation_attempts', 'remediation_exhausted', 'created_at'];
const DETAIL_EXTRA_FIELDS = ['appliance_id', 'drift_data', 'evidence_bundle_id', 'evidence_hash', 'runbook_executed', 'execution_log', 'remediation_history'];
const STEP_FIELDS = ['tier', 'runbook_id', 'result', 'confidence', 'timestamp'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PYDANTIC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/;
const ISOFORMAT_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

type Incident = Record<string, unknown> & { id: string; site_id: string; created_at: string; resolved: boolean; resolution_level: string | null; resolved_at: string | null; remediation_attempts: number };
type Detail = Incident & { appliance_id: string; hostname: string; drift_data: Record<string, unknown>; remediation_history: Record<string, unknown>[] };

let test: TestSim;
let c: SimClient;

beforeAll(async () => {
  test = await startTestSim({ seed: 42, sites: 300, now: () => FROZEN_NOW });
  c = new SimClient(test.sim);
  expect((await c.login('admin', passwordOf(test.sim, 'admin'))).json).toMatchObject({ success: true });
});

afterAll(async () => {
  await c.close();
  await test.stop();
});

async function list(query = ''): Promise<Incident[]> {
  const res = await c.get(`/api/dashboard/incidents${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json as Incident[];
}

async function allIncidents(query = ''): Promise<Incident[]> {
  const rows: Incident[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await list(`?limit=200&offset=${offset}${query}`);
    rows.push(...page);
    if (page.length < 200) return rows;
  }
}

describe('GET /api/dashboard/incidents', () => {
  it('is a bare array of 50 by default, newest first, with the list quirks', async () => {
    const rows = await list();
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(LIST_FIELDS);
      expect(row.id).toMatch(UUID);
      expect(row.hostname).toBe('');
      expect(['critical', 'high', 'medium', 'low']).toContain(row.severity);
      expect(row.created_at).toMatch(PYDANTIC_TIME);
      if (row.resolved_at !== null) expect(row.resolved_at).toMatch(PYDANTIC_TIME);
      expect(Array.isArray(row.hipaa_controls)).toBe(true);
    }
    const times = rows.map((row) => Date.parse(row.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('pages cover every generated incident exactly once', async () => {
    const rows = await allIncidents();
    expect(rows).toHaveLength(test.sim.incidentCount);
    expect(test.sim.incidentCount).toBe(3000); // 10 per site by default
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(await list('?limit=10&offset=2995')).toHaveLength(5);
    expect(await list('?offset=3000')).toEqual([]);
  });

  it('validates limit 1..200, offset and resolved like FastAPI; level is free text', async () => {
    for (const [limit, type, msg, ctx] of [
      ['0', 'greater_than_equal', 'Input should be greater than or equal to 1', { ge: 1 }],
      ['201', 'less_than_equal', 'Input should be less than or equal to 200', { le: 200 }],
    ] as const) {
      const res = await c.get(`/api/dashboard/incidents?limit=${limit}`);
      expect(res.status).toBe(422);
      expect(res.json).toEqual({ detail: [{ type, loc: ['query', 'limit'], msg, input: limit, ctx }] });
    }
    expect(await list('?limit=200')).toHaveLength(200);
    expect(await list('?limit=1')).toHaveLength(1);
    const several = await c.get('/api/dashboard/incidents?offset=-1&resolved=maybe&limit=x');
    expect(several.status).toBe(422);
    expect(several.json).toEqual({
      detail: [
        { type: 'int_parsing', loc: ['query', 'limit'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' },
        { type: 'greater_than_equal', loc: ['query', 'offset'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
        { type: 'bool_parsing', loc: ['query', 'resolved'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
      ],
    });
    expect((await list('?resolved=YES&limit=5')).every((row) => row.resolved)).toBe(true);
    expect((await list('?resolved=0&limit=5')).every((row) => !row.resolved)).toBe(true);
    expect(await list('?level=l1')).toEqual([]);
    expect(await list('?level=L4')).toEqual([]);
  });

  it('filters by level (the resolution tier as stored), resolved and site_id, and they combine', async () => {
    const everything = await allIncidents();
    for (const level of ['L1', 'L2', 'L3']) {
      const rows = await allIncidents(`&level=${level}`);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.resolution_level === level)).toBe(true);
      expect(rows.map((row) => row.id)).toEqual(everything.filter((row) => row.resolution_level === level).map((row) => row.id));
    }
    // Non-L tiers exist and surface as resolution_level null.
    for (const level of ['manual', 'monitoring', 'recovered']) {
      const rows = await list(`?level=${level}&limit=200`);
      expect(rows.length, level).toBeGreaterThan(0);
      expect(rows.every((row) => row.resolution_level === null)).toBe(true);
    }
    const open = await allIncidents('&resolved=false');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((row) => !row.resolved && row.resolved_at === null)).toBe(true);
    const closed = await list('?resolved=true&limit=200');
    expect(closed.every((row) => row.resolved && typeof row.resolved_at === 'string' && Date.parse(row.resolved_at) >= Date.parse(row.created_at))).toBe(true);
    const site = everything[0]!.site_id;
    const atSite = await allIncidents(`&site_id=${site}`);
    expect(atSite.map((row) => row.id)).toEqual(everything.filter((row) => row.site_id === site).map((row) => row.id));
    const combined = await allIncidents(`&site_id=${site}&level=L1&resolved=true`);
    expect(combined.map((row) => row.id)).toEqual(atSite.filter((row) => row.resolution_level === 'L1' && row.resolved).map((row) => row.id));
    const missing = await c.get('/api/dashboard/incidents?site_id=no-such-site');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'Site not found', status_code: 404 });
  });

  it('has more incidents at some sites than others', async () => {
    const perSite = new Map<string, number>();
    for (const row of await allIncidents()) perSite.set(row.site_id, (perSite.get(row.site_id) ?? 0) + 1);
    const counts = [...perSite.values()].sort((a, b) => a - b);
    expect(counts.at(-1)!).toBeGreaterThan(3 * counts[Math.floor(counts.length / 2)]!);
  });

  it('answers with a weak ETag and a bodiless 304 for an exact If-None-Match, until the list changes', async () => {
    const first = await c.get('/api/dashboard/incidents?limit=20');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    const again = await c.get('/api/dashboard/incidents?limit=20', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    await control(test.sim, 'POST', '/control/incidents/open', { count: 1 });
    const changed = await c.get('/api/dashboard/incidents?limit=20', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('requires a session', async () => {
    const anonymous = new SimClient(test.sim);
    const res = await anonymous.get('/api/dashboard/incidents');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Authentication required', status_code: 401 });
    expect((await anonymous.get(`/api/dashboard/incidents/${(await list('?limit=1'))[0]!.id}`)).status).toBe(401);
    await anonymous.close();
  });
});

describe('GET /api/dashboard/incidents/{incident_id}', () => {
  it('is the list row plus appliance_id, drift_data, four nulls and the remediation timeline, with the hostname filled in', async () => {
    const rows = await list('?limit=200&offset=300');
    for (const row of rows.filter((_, i) => i % 10 === 0)) {
      const res = await c.get(`/api/dashboard/incidents/${row.id}`);
      expect(res.status).toBe(200);
      const detail = res.json as Detail;
      expect(Object.keys(detail)).toEqual([...LIST_FIELDS, ...DETAIL_EXTRA_FIELDS]);
      expect({ ...detail, hostname: '' }).toMatchObject(row);
      expect(detail).toMatchObject({ evidence_bundle_id: null, evidence_hash: null, runbook_executed: null, execution_log: null });
      const appliances = ((await c.get(`/api/sites/${row.site_id}/appliances`)).json as { appliances: { appliance_id: string; hostname: string }[] }).appliances;
      const appliance = appliances.find((a) => a.appliance_id === detail.appliance_id);
      expect(appliance, 'the appliance belongs to the site').toBeDefined();
      expect(detail.hostname).toBe(appliance!.hostname);
      expect(typeof detail.drift_data).toBe('object');
      expect(Object.values(detail.drift_data).some((value) => typeof value === 'object' && value !== null)).toBe(true);
      const history = detail.remediation_history;
      expect(history).toHaveLength(row.remediation_attempts);
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history.length).toBeLessThanOrEqual(5);
      for (const step of history) {
        expect(Object.keys(step)).toEqual(STEP_FIELDS);
        expect(step.timestamp).toMatch(ISOFORMAT_TIME);
      }
      const times = history.map((step) => Date.parse(step.timestamp as string));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const order = history.map((step) => ['L1', 'L2', 'L3'].indexOf(step.tier as string));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      if (row.resolution_level === 'L3') expect(history.at(-1)).toMatchObject({ tier: 'L3', result: 'escalated' });
      if (row.resolved && (row.resolution_level === 'L1' || row.resolution_level === 'L2')) expect(history.at(-1)).toMatchObject({ tier: row.resolution_level, result: 'success' });
    }
  });

  it('carries long strings in drift data somewhere in the fleet', async () => {
    let longest = 0;
    for (const row of await list('?limit=60')) {
      const detail = (await c.get(`/api/dashboard/incidents/${row.id}`)).json as Detail;
      for (const value of Object.values(detail.drift_data)) if (typeof value === 'string') longest = Math.max(longest, value.length);
    }
    expect(longest).toBeGreaterThan(500);
  });

  it('404s unknown, malformed and forged ids in the real error shape; ids compare case-insensitively', async () => {
    const [row] = await list('?limit=1');
    const upper = await c.get(`/api/dashboard/incidents/${row!.id.toUpperCase()}`);
    expect((upper.json as Detail).id).toBe(row!.id);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', `${row!.id.slice(0, -4)}ffff`, '12345']) {
      const res = await c.get(`/api/dashboard/incidents/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.json).toEqual({ error: 'Incident not found', status_code: 404 });
    }
  });
});

describe('org scope', () => {
  it('olga sees only incidents of her sites; other ids and site_ids answer 404', async () => {
    const olga = new SimClient(test.sim);
    await olga.login('olga', passwordOf(test.sim, 'olga'));
    const ownSites = new Set(((await olga.get('/api/dashboard/fleet?limit=500')).json as { site_id: string }[]).map((row) => row.site_id));
    const everything = await allIncidents();
    const hers: Incident[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = (await olga.get(`/api/dashboard/incidents?limit=200&offset=${offset}`)).json as Incident[];
      hers.push(...page);
      if (page.length < 200) break;
    }
    expect(hers.length).toBeGreaterThan(0);
    expect(hers.map((row) => row.id)).toEqual(everything.filter((row) => ownSites.has(row.site_id)).map((row) => row.id));
    const foreign = everything.find((row) => !ownSites.has(row.site_id))!;
    const detail = await olga.get(`/api/dashboard/incidents/${foreign.id}`);
    expect(detail.status).toBe(404);
    expect(detail.json).toEqual({ error: 'Incident not found', status_code: 404 });
    expect((await olga.get(`/api/dashboard/incidents?site_id=${foreign.site_id}`)).json).toEqual({ error: 'Site not found', status_code: 404 });
    expect((await olga.get(`/api/dashboard/incidents/${hers[0]!.id}`)).status).toBe(200);
    const filtered = (await olga.get('/api/dashboard/incidents?level=L2&resolved=true&limit=200')).json as Incident[];
    expect(filtered.map((row) => row.id)).toEqual(everything.filter((row) => ownSites.has(row.site_id) && row.resolution_level === 'L2' && row.resolved).slice(0, 200).map((row) => row.id));
    await olga.close();
  });
});

describe('faults on the incident paths', () => {
  it('status, drop, truncated and latency, as for the fleet', async () => {
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'status', status: 503, retryAfter: 4 });
    const unavailable = await c.get('/api/dashboard/incidents');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('4');
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/incidents/*', kind: 'drop' });
    await expect(c.get(`/api/dashboard/incidents/${(await list('?limit=1'))[0]!.id}`)).rejects.toThrow();
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'malformed' });
    const truncated = (await c.get('/api/dashboard/incidents')).text;
    expect(() => JSON.parse(truncated)).toThrow();
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'latency', delayMs: 30 });
    expect(await list('?limit=2')).toHaveLength(2);
  });

  it('hang: a detail request stays open until the client gives up', async () => {
    const [row] = await list('?limit=1');
    await control(test.sim, 'POST', '/control/faults', { path: `/api/dashboard/incidents/${row!.id}`, kind: 'hang' });
    const abort = new AbortController();
    const outcome = c.get(`/api/dashboard/incidents/${row!.id}`, { signal: abort.signal }).then(() => 'answered', (error: unknown) => error);
    while ((await control(test.sim, 'GET', '/control/state')).json.hangingRequests !== 1) await new Promise((resolve) => setTimeout(resolve, 5));
    abort.abort();
    expect(await outcome).toBeInstanceOf(Error);
  });

  it('bad-row: one row of an otherwise valid page keeps its id and has every other value of the wrong type', async () => {
    const good = await list('?limit=20');
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'malformed', malformed: 'bad-row', row: 7 });
    const res = await c.get('/api/dashboard/incidents?limit=20');
    expect(res.status).toBe(200);
    const rows = res.json as Record<string, unknown>[];
    expect(rows).toHaveLength(20);
    rows.forEach((row, i) => {
      if (i !== 7) expect(row).toEqual(good[i]);
    });
    const bad = rows[7]!;
    expect(Object.keys(bad)).toEqual(LIST_FIELDS);
    expect(bad.id).toBe(good[7]!.id);
    expect(typeof bad.site_id).toBe('number');
    expect(typeof bad.resolved).toBe('string');
    expect(typeof bad.remediation_attempts).toBe('string');
    expect(typeof bad.hipaa_controls).toBe('string');
    expect(typeof bad.created_at).toBe('number');
    // Without `row`, the middle one.
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/incidents', kind: 'malformed', malformed: 'bad-row' });
    const middle = (await c.get('/api/dashboard/incidents?limit=20')).json as Record<string, unknown>[];
    expect(typeof middle[10]!.site_id).toBe('number');
    expect(middle[9]).toEqual(good[9]);
    expect((await control(test.sim, 'POST', '/control/faults', { path: '/x', kind: 'malformed', malformed: 'bad-row', row: -1 })).status).toBe(400);
  });
});
