import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';
import { openEvents, type EventsClient } from './testing/ws-client.ts';
import { DEFAULT_MAX_CONNECTIONS } from './ws/hub.ts';

// /ws/events with a frozen base clock: the 0.5 s throttle runs on simulator time, so tests step over it.
const FROZEN_NOW = Date.UTC(2026, 4, 17, 12, 0, 7, 250);
const CHECKIN_FIELDS = ['site_id', 'appliance_id', 'hostname', 'status', 'last_checkin', 'agent_version', 'ip_addresses', 'uptime_seconds'];
const DRIFT_FIELDS = ['site_id', 'check_type', 'check_result', 'bundle_id', 'chain_position'];
let test: TestSim;
let c: SimClient;
let token: string;
const open: EventsClient[] = [];

beforeAll(async () => {
  test = await startTestSim({ seed: 42, sites: 40, now: () => FROZEN_NOW, wsMaxConnections: 3 });
  c = new SimClient(test.sim);
  expect((await c.login('admin', passwordOf(test.sim, 'admin'))).json).toMatchObject({ success: true });
  token = c.jar.get('session_token')!;
});

afterAll(async () => {
  for (const client of open) await client.close();
  await c.close();
  await test.stop();
});

async function connect(withToken: string | null = token): Promise<EventsClient> {
  const client = await openEvents(test.sim, withToken);
  open.push(client);
  return client;
}

async function disconnect(client: EventsClient): Promise<void> {
  await client.close();
  open.splice(open.indexOf(client), 1);
}

/** An appliance of a site listed by /api/sites with the given live status. */
async function applianceWith(status: string): Promise<{ site_id: string; appliance_id: string }> {
  for (const site of ((await c.get('/api/sites?limit=500')).json as { sites: { site_id: string }[] }).sites) {
    const rows = (await c.get(`/api/sites/${site.site_id}/appliances`)).json as { appliances: { appliance_id: string; live_status: string }[] };
    const hit = rows.appliances.find((a) => a.live_status === status);
    if (hit) return { site_id: site.site_id, appliance_id: hit.appliance_id };
  }
  throw new Error(`no ${status} appliance`);
}

const advance = (seconds: number) => control(test.sim, 'POST', '/control/clock/advance', { seconds });
const force = (id: string, state: 'offline' | 'online') => control(test.sim, 'POST', `/control/appliances/${encodeURIComponent(id)}/${state}`);

describe('/ws/events', () => {
  it('closes with 1008 without a token, with an unknown token and with an expired session', async () => {
    expect(await (await connect(null)).closed).toBe(1008);
    expect(await (await connect('not-a-session')).closed).toBe(1008);
    const other = new SimClient(test.sim);
    await other.login('rita', passwordOf(test.sim, 'rita'));
    const ritaToken = other.jar.get('session_token')!;
    await other.post('/api/auth/logout');
    expect(await (await connect(ritaToken)).closed).toBe(1008);
    await other.close();
  });

  it('answers the text "ping" with {"type":"pong"}', async () => {
    const client = await connect();
    client.socket.send('ping');
    expect(await client.next()).toEqual({ type: 'pong' });
    await disconnect(client);
  });

  it('forcing an appliance offline and online broadcasts appliance_checkin hints, and the API agrees', async () => {
    const client = await connect();
    const target = await applianceWith('online');
    const offline = await force(target.appliance_id, 'offline');
    expect(offline.status).toBe(200);
    const frame = (await client.next()) as { type: string; payload: Record<string, unknown>; timestamp: string };
    expect(Object.keys(frame)).toEqual(['type', 'payload', 'timestamp']);
    expect(frame.type).toBe('appliance_checkin');
    expect(Object.keys(frame.payload)).toEqual(CHECKIN_FIELDS);
    expect(frame.payload).toMatchObject({ site_id: target.site_id, appliance_id: target.appliance_id, status: 'offline' });
    expect(frame.timestamp).toBe('2026-05-17T12:00:07.250000+00:00');
    const rows = (await c.get(`/api/sites/${target.site_id}/appliances`)).json as { appliances: { appliance_id: string; live_status: string; offline_since: string | null }[] };
    const row = rows.appliances.find((a) => a.appliance_id === target.appliance_id)!;
    expect(row.live_status).toBe('offline');
    expect(row.offline_since).toBe(frame.timestamp);
    // It stays offline while the clock runs (no heartbeat), until forced back.
    await advance(1);
    const still = (await c.get(`/api/dashboard/fleet/${target.site_id}/appliances`)).json as { id: string; is_online: boolean }[];
    expect(still.find((a) => a.id === target.appliance_id)!.is_online).toBe(false);
    await force(target.appliance_id, 'online');
    expect((await client.next()).payload).toMatchObject({ appliance_id: target.appliance_id, status: 'online' });
    const back = (await c.get(`/api/dashboard/fleet/${target.site_id}/appliances`)).json as { id: string; is_online: boolean }[];
    expect(back.find((a) => a.id === target.appliance_id)!.is_online).toBe(true);
    expect((await force('no-such-appliance', 'offline')).status).toBe(404);
    await disconnect(client);
  });

  it('throttles each event type to one per 0.5 s of simulator time and drops the extras', async () => {
    await advance(1);
    const client = await connect();
    const a = await applianceWith('online');
    await force(a.appliance_id, 'offline'); // sent
    await force(a.appliance_id, 'online'); // same instant: dropped
    await advance(0.4);
    await force(a.appliance_id, 'offline'); // 0.4 s later: dropped
    await advance(0.1);
    await force(a.appliance_id, 'online'); // 0.5 s after the first: sent
    const first = (await client.next()) as { payload: { status: string } };
    const second = (await client.next()) as { payload: { status: string } };
    expect([first.payload.status, second.payload.status]).toEqual(['offline', 'online']);
    // A touch is a check-in and a compliance result: the drift event is a different type, so it is not throttled by the check-in.
    await advance(1);
    await control(test.sim, 'POST', '/control/fleet/touch', {});
    expect(((await client.next()) as { type: string }).type).toBe('appliance_checkin');
    const drift = (await client.next()) as { type: string; payload: object };
    expect(drift.type).toBe('compliance_drift');
    expect(Object.keys(drift.payload)).toEqual(DRIFT_FIELDS);
    client.socket.send('ping');
    expect(await client.next()).toEqual({ type: 'pong' }); // nothing else was queued before the pong
    await disconnect(client);
  });

  it('sends events to every client without org-scope filtering', async () => {
    await advance(1);
    const olgaClient = new SimClient(test.sim);
    await olgaClient.login('olga', passwordOf(test.sim, 'olga'));
    const olga = await connect(olgaClient.jar.get('session_token')!);
    const scope = test.sim.users.find((u) => u.username === 'olga')!.orgScope!;
    let target: { site_id: string; appliance_id: string } | null = null;
    for (const site of ((await c.get('/api/sites?limit=500')).json as { sites: { site_id: string; client_org_id: string | null }[] }).sites) {
      if (site.client_org_id !== null && scope.includes(site.client_org_id)) continue;
      const rows = (await c.get(`/api/sites/${site.site_id}/appliances`)).json as { appliances: { appliance_id: string }[] };
      target = { site_id: site.site_id, appliance_id: rows.appliances[0]!.appliance_id };
      break;
    }
    expect((await olgaClient.get(`/api/sites/${target!.site_id}`)).status).toBe(404);
    await force(target!.appliance_id, 'online');
    expect((await olga.next()).payload).toMatchObject({ site_id: target!.site_id });
    await disconnect(olga);
    await olgaClient.close();
  });

  it('closes with 1013 beyond the connection limit (200 on the real server; 3 in this test)', async () => {
    expect(DEFAULT_MAX_CONNECTIONS).toBe(200);
    const clients = [await connect(), await connect(), await connect()];
    const extra = await connect();
    expect(await extra.closed).toBe(1013);
    for (const client of clients) client.socket.send('ping');
    for (const client of clients) expect(await client.next()).toEqual({ type: 'pong' });
    await disconnect(clients[0]!);
    const again = await connect();
    again.socket.send('ping');
    expect(await again.next()).toEqual({ type: 'pong' });
  });

  it('a clock advance publishes the drift of the fleet as events', async () => {
    for (const client of [...open]) await disconnect(client);
    const client = await connect();
    await advance(24 * 3600);
    await c.login('admin', passwordOf(test.sim, 'admin'));
    // One clock jump is one instant: at most one frame of each type gets through the throttle.
    const frame = (await client.next()) as { type: string };
    expect(['appliance_checkin', 'compliance_drift']).toContain(frame.type);
    client.socket.send('ping');
    const rest: string[] = [];
    for (let f = (await client.next()) as { type: string }; f.type !== 'pong'; f = (await client.next()) as { type: string }) rest.push(f.type);
    expect(rest.every((type) => type !== frame.type)).toBe(true);
    expect(rest.length).toBeLessThanOrEqual(1);
  });

  it('other upgrade paths get a 404', async () => {
    const url = test.sim.url.replace('https:', 'wss:');
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`${url}/ws/other?token=${token}`, { ca: test.sim.caCertPem });
    socket.on('error', () => {}); // terminate() before the handshake completes reports an error; expected here
    const status = await new Promise<number>((resolve) => socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    socket.terminate();
    expect(status).toBe(404);
  });
});
