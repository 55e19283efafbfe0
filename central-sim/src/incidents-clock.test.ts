import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';
import { openEvents, type EventsClient } from './testing/ws-client.ts';

// Incidents on the simulator clock: activity (opened at the head, healed, resolved, escalated, suppressed),
// the freeze switch, forced changes, and their /ws/events hints. The base clock is frozen; tests move it.
const FROZEN_NOW = Date.UTC(2026, 4, 17, 12, 0, 7, 250);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Incident = { id: string; site_id: string; resolved: boolean; resolution_level: string | null; remediation_exhausted: boolean };
type Frame = { type: string; payload: Record<string, unknown>; timestamp: string };

let test: TestSim;
let c: SimClient;
let token: string;

beforeAll(async () => {
  test = await startTestSim({ seed: 42, sites: 120, now: () => FROZEN_NOW });
  // Hours of simulator time pass in this file: the session must outlive them.
  await control(test.sim, 'POST', '/control/config', { sessionIdleMinutes: 10_000, sessionAbsoluteHours: 1_000 });
  c = new SimClient(test.sim);
  expect((await c.login('admin', passwordOf(test.sim, 'admin'))).json).toMatchObject({ success: true });
  token = c.jar.get('session_token')!;
});

afterAll(async () => {
  await c.close();
  await test.stop();
});

const advance = (sim: TestSim, seconds: number) => control(sim.sim, 'POST', '/control/clock/advance', { seconds });
const freeze = (frozen: boolean) => control(test.sim, 'POST', '/control/incidents/freeze', { frozen });
const change = (id: string, what: string) => control(test.sim, 'POST', `/control/incidents/${id}/${what}`);
const incidentState = async () => (await control(test.sim, 'GET', '/control/incidents')).json as { count: number; generated: number; unresolved: number; frozen: boolean; newestId: string };

async function list(client: SimClient, query: string): Promise<Incident[]> {
  const res = await client.get(`/api/dashboard/incidents${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json as Incident[];
}

async function unresolvedIds(client: SimClient): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 200) {
    const page = await list(client, `?resolved=false&limit=200&offset=${offset}`);
    for (const row of page) ids.add(row.id);
    if (page.length < 200) return ids;
  }
}

/** Every frame queued before a pong: the socket has delivered everything sent before it. */
async function drain(events: EventsClient): Promise<Frame[]> {
  events.socket.send('ping');
  const frames: Frame[] = [];
  for (let frame = (await events.next()) as Frame; frame.type !== 'pong'; frame = (await events.next()) as Frame) frames.push(frame);
  return frames;
}

describe('incident activity on the simulator clock', () => {
  it('is frozen in a test simulator until asked for: time passes, nothing changes', async () => {
    expect(await incidentState()).toMatchObject({ frozen: true, count: 1200, generated: 1200 });
    const before = await c.get('/api/dashboard/incidents?limit=200');
    await advance(test, 3600);
    const after = await c.get('/api/dashboard/incidents?limit=200', { headers: { 'if-none-match': before.headers.etag as string } });
    expect(after.status).toBe(304);
    expect((await incidentState()).count).toBe(1200);
  });

  it('running, it opens incidents at the head (shifting a paging client) and heals, resolves and escalates others, hinting only at the console actions', async () => {
    const events = await openEvents(test.sim, token);
    expect((await freeze(false)).json).toEqual({ frozen: false });
    const pageOne = await list(c, '?limit=50');
    const unresolvedBefore = await unresolvedIds(c);
    await advance(test, 45 * 60);
    const opened = (await incidentState()).count - 1200;
    expect(opened).toBeGreaterThan(0);
    // The client's next page (offset 50) now begins with rows it already saw: everything moved down by `opened`.
    const shifted = await list(c, `?limit=50&offset=${opened}`);
    expect(shifted.map((row) => row.id)).toEqual(pageOne.map((row) => row.id));
    const head = (await c.get(`/api/dashboard/incidents?limit=${opened}`)).json as (Incident & { created_at: string })[];
    expect(head.every((row) => !pageOne.some((old) => old.id === row.id) && Date.parse(row.created_at) > Date.parse((pageOne[0] as Incident & { created_at: string }).created_at))).toBe(true);
    const unresolvedAfter = await unresolvedIds(c);
    const settled = [...unresolvedBefore].filter((id) => !unresolvedAfter.has(id));
    expect(settled.length).toBeGreaterThan(0);
    // One clock jump is one instant: at most one frame of each type, and never incident_created.
    const frames = await drain(events);
    const types = frames.map((frame) => frame.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).not.toContain('incident_created');
    expect(types.every((type) => ['incident_resolved', 'incident_escalated', 'incident_suppressed', 'appliance_checkin', 'compliance_drift'].includes(type))).toBe(true);
    expect(types.some((type) => type.startsWith('incident_'))).toBe(true);
    await freeze(true);
    const frozenCount = (await incidentState()).count;
    await advance(test, 3600);
    expect((await incidentState()).count).toBe(frozenCount);
    await events.close();
  });

  it('is a function of the seed and the clock: two simulators moved alike list alike', async () => {
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sim = await startTestSim({ seed: 9, sites: 30, now: () => FROZEN_NOW, incidentActivity: true });
      for (const seconds of [600, 1800, 60]) await advance(sim, seconds);
      const client = new SimClient(sim.sim);
      await client.login('admin', passwordOf(sim.sim, 'admin'));
      const rows = await list(client, '?limit=200');
      const detail = (await client.get(`/api/dashboard/incidents/${rows[0]!.id}`)).json;
      runs.push(JSON.stringify({ rows, detail }));
      await client.close();
      await sim.stop();
    }
    expect(runs[1]).toBe(runs[0]);
  });
});

describe('control calls for incidents', () => {
  it('opens N incidents now, at the head, at a chosen site; nothing is broadcast', async () => {
    const events = await openEvents(test.sim, token);
    const site = (await list(c, '?limit=1&offset=500'))[0]!.site_id;
    const opened = await control(test.sim, 'POST', '/control/incidents/open', { count: 3, siteId: site });
    const ids = opened.json.ids as string[];
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(UUID);
    const head = await list(c, '?limit=3');
    expect(head.map((row) => row.id)).toEqual(ids);
    expect(head.every((row) => row.site_id === site && !row.resolved)).toBe(true);
    expect((await incidentState()).newestId).toBe(ids[0]);
    expect(await drain(events)).toEqual([]);
    expect((await control(test.sim, 'POST', '/control/incidents/open', { count: 0 })).status).toBe(400);
    expect((await control(test.sim, 'POST', '/control/incidents/open', { siteId: 'no-such-site' })).status).toBe(404);
    await events.close();
  });

  it('forced resolve, escalate and suppress change the incident as the real actions do and broadcast their hints', async () => {
    await advance(test, 1);
    const events = await openEvents(test.sim, token);
    const [first, second] = [...(await unresolvedIds(c))];
    const resolved = await change(first!, 'resolve');
    expect(resolved.json).toEqual({ event: { type: 'incident_resolved', payload: { incident_id: first } } });
    const resolvedFrame = (await events.next()) as Frame;
    expect(resolvedFrame).toMatchObject({ type: 'incident_resolved', payload: { incident_id: first } });
    expect(Object.keys(resolvedFrame)).toEqual(['type', 'payload', 'timestamp']);
    const row = (await c.get(`/api/dashboard/incidents/${first}`)).json as Incident;
    expect(row).toMatchObject({ resolved: true, resolution_level: null });
    expect((await list(c, '?level=manual&limit=200')).map((r) => r.id)).toContain(first);
    expect(await change(first!, 'resolve')).toEqual({ status: 400, json: { error: 'Incident already resolved' } });
    expect((await change(first!, 'escalate')).status).toBe(400);

    const escalated = await change(second!, 'escalate');
    const escalatedFrame = (await events.next()) as Frame;
    expect(escalatedFrame.type).toBe('incident_escalated');
    expect(Object.keys(escalatedFrame.payload)).toEqual(['incident_id', 'ticket_id']);
    expect(escalatedFrame.payload.incident_id).toBe(second);
    expect(escalatedFrame.payload.ticket_id).toMatch(UUID);
    expect(escalated.json.event).toMatchObject({ payload: escalatedFrame.payload });
    expect((await c.get(`/api/dashboard/incidents/${second}`)).json).toMatchObject({ resolved: false, resolution_level: 'L3', remediation_exhausted: true });

    const before = await c.get(`/api/dashboard/incidents/${first}`);
    await change(first!, 'suppress');
    const suppressedFrame = (await events.next()) as Frame;
    const detail = before.json as { check_type: string; hostname: string };
    const now = (await control(test.sim, 'GET', '/control/state')).json.now as string;
    expect(suppressedFrame).toEqual({ type: 'incident_suppressed', payload: { incident_id: first, check_type: detail.check_type, hostname: detail.hostname, expires_at: expect.stringMatching(/\+00:00$/) }, timestamp: now });
    expect(Date.parse(suppressedFrame.payload.expires_at as string) - Date.parse(now)).toBe(24 * 3_600_000);
    // A suppression is a compliance exception: the incident itself does not change.
    expect((await c.get(`/api/dashboard/incidents/${first}`, { headers: { 'if-none-match': before.headers.etag as string } })).status).toBe(304);

    const [fresh] = (await control(test.sim, 'POST', '/control/incidents/open', {})).json.ids as string[];
    const healed = await change(fresh!, 'auto-heal');
    expect(healed.json).toEqual({ event: null });
    expect((await c.get(`/api/dashboard/incidents/${fresh}`)).json).toMatchObject({ resolved: true, resolution_level: 'L1' });
    expect(await drain(events)).toEqual([]);
    expect((await change('00000000-0000-4000-8000-000000000000', 'resolve')).status).toBe(404);
    expect((await change(first!, 'explode')).status).toBe(404);
    await events.close();
  });

  it('a list page read again shows the rows changed since it was read, and the same bytes for the rest', async () => {
    const query = '?resolved=false&limit=200';
    const firstRead = await c.get(`/api/dashboard/incidents${query}`);
    const [toResolve, toEscalate] = (firstRead.json as Incident[]).filter((row) => row.resolution_level !== 'L3').map((row) => row.id);
    expect((await c.get(`/api/dashboard/incidents${query}`)).text).toBe(firstRead.text);
    await change(toResolve!, 'resolve');
    await change(toEscalate!, 'escalate');
    const open = await list(c, query);
    expect(open.map((row) => row.id)).not.toContain(toResolve);
    expect(open.find((row) => row.id === toEscalate)).toMatchObject({ resolved: false, resolution_level: 'L3', remediation_exhausted: true });
    const resolved = (await list(c, '?resolved=true&level=manual&limit=200')).find((row) => row.id === toResolve);
    expect(resolved).toMatchObject({ resolved: true, resolution_level: null });
    // Every row as the list serializes it: the list fields of its detail, in the list's order.
    const detail = (await c.get(`/api/dashboard/incidents/${toEscalate}`)).json as Record<string, unknown>;
    const listed = open.find((row) => row.id === toEscalate) as unknown as Record<string, unknown>;
    expect(JSON.stringify(listed)).toBe(JSON.stringify(Object.fromEntries(Object.keys(listed).map((key) => [key, key === 'hostname' ? '' : detail[key]]))));
  });

  it('throttles each incident event type to one per 0.5 s of simulator time, and sends them to every client unfiltered', async () => {
    await advance(test, 1);
    const olgaClient = new SimClient(test.sim);
    await olgaClient.login('olga', passwordOf(test.sim, 'olga'));
    const olgaSites = new Set(((await olgaClient.get('/api/dashboard/fleet?limit=500')).json as { site_id: string }[]).map((row) => row.site_id));
    const foreignSite = (await list(c, '?limit=200')).find((row) => !olgaSites.has(row.site_id))!.site_id;
    const admin = await openEvents(test.sim, token);
    const olga = await openEvents(test.sim, olgaClient.jar.get('session_token')!);
    const ids = (await control(test.sim, 'POST', '/control/incidents/open', { count: 6, siteId: foreignSite })).json.ids as string[];
    expect((await olgaClient.get(`/api/dashboard/incidents/${ids[0]}`)).status).toBe(404);
    await change(ids[0]!, 'resolve'); // sent
    await change(ids[1]!, 'resolve'); // same instant: dropped
    await change(ids[2]!, 'escalate'); // another type: sent
    await advance(test, 0.4);
    await change(ids[3]!, 'resolve'); // 0.4 s later: dropped
    await advance(test, 0.1);
    await change(ids[4]!, 'resolve'); // 0.5 s after the first: sent
    const frames = await drain(admin);
    expect(frames.map((frame) => [frame.type, frame.payload.incident_id])).toEqual([
      ['incident_resolved', ids[0]],
      ['incident_escalated', ids[2]],
      ['incident_resolved', ids[4]],
    ]);
    // Olga gets the same frames although these incidents are at a site she cannot see.
    expect(await drain(olga)).toEqual(frames);
    await admin.close();
    await olga.close();
    await olgaClient.close();
  });
});
