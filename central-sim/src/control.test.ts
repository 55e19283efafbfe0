import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';

// The test-control API and the faults it injects into the real HTTPS endpoints.
let test: TestSim;
let c: SimClient;

beforeAll(async () => {
  test = await startTestSim({ seed: 11, sites: 40, now: () => Date.UTC(2026, 4, 17, 9, 30) });
  c = new SimClient(test.sim);
  await c.login('admin', passwordOf(test.sim, 'admin'));
});

afterEach(async () => {
  await control(test.sim, 'DELETE', '/control/faults');
});

afterAll(async () => {
  await c.close();
  await test.stop();
});

async function waitForHanging(count: number): Promise<void> {
  // Polls state, not time: the request is in the server's hands once it is counted.
  while ((await control(test.sim, 'GET', '/control/state')).json.hangingRequests !== count) await new Promise((resolve) => setImmediate(resolve));
}

describe('control API', () => {
  it('reports the fleet size and sessions', async () => {
    const state = await control(test.sim, 'GET', '/control/state');
    expect(state.json).toMatchObject({ siteCount: 40, applianceCount: test.sim.applianceCount, sessions: 1, hangingRequests: 0 });
  });

  it('rejects bad input with 400 and unknown paths with 404', async () => {
    expect((await control(test.sim, 'POST', '/control/faults', { path: 'no-slash', kind: 'status' })).status).toBe(400);
    expect((await control(test.sim, 'POST', '/control/faults', { path: '/x', kind: 'explode' })).status).toBe(400);
    expect((await control(test.sim, 'POST', '/control/config', { lockoutThreshold: -1 })).status).toBe(400);
    expect((await control(test.sim, 'POST', '/control/config', { bogus: 1 })).status).toBe(400);
    expect((await control(test.sim, 'POST', '/control/clock/advance', { seconds: 'soon' })).status).toBe(400);
    expect((await control(test.sim, 'GET', '/control/nothing')).status).toBe(404);
    expect((await control(test.sim, 'POST', '/control/fleet/touch', { siteId: 'no-such-site' })).status).toBe(404);
  });

  it('keeps alive appliances checking in when the clock advances, while dead ones age', async () => {
    const sites = async () => ((await c.get('/api/sites?limit=500')).json as { sites: { site_id: string; live_status: string }[] }).sites;
    const before = new Map((await sites()).map((s) => [s.site_id, s.live_status]));
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 10 * 60 });
    const after = new Map((await sites()).map((s) => [s.site_id, s.live_status]));
    const onlineBefore = [...before].filter(([, status]) => status === 'online').map(([id]) => id);
    expect(onlineBefore.length).toBeGreaterThan(0);
    for (const id of onlineBefore) expect(after.get(id)).toBe('online');
    const staleBefore = [...before].filter(([, status]) => status === 'stale').map(([id]) => id);
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 60 * 60 });
    await c.login('admin', passwordOf(test.sim, 'admin'));
    const later = new Map((await sites()).map((s) => [s.site_id, s.live_status]));
    for (const id of staleBefore) expect(later.get(id)).toBe('offline');
  });

  it('touch makes a site check in now', async () => {
    const offline = ((await c.get('/api/sites?status=offline&limit=1')).json as { sites: { site_id: string }[] }).sites[0]!;
    const touched = await control(test.sim, 'POST', '/control/fleet/touch', { siteId: offline.site_id });
    expect(touched.json.siteId).toBe(offline.site_id);
    const online = ((await c.get('/api/sites?status=online&limit=500')).json as { sites: { site_id: string }[] }).sites;
    expect(online.map((s) => s.site_id)).toContain(offline.site_id);
  });
});

describe('faults', () => {
  it('status: the next N matching requests get that status and an error body, then service resumes', async () => {
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/stats', count: 2, kind: 'status', status: 503, retryAfter: 7 });
    for (let i = 0; i < 2; i++) {
      const res = await c.get('/api/dashboard/stats');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.json).toEqual({ error: 'Service Unavailable', status_code: 503 });
    }
    expect((await c.get('/api/dashboard/stats')).status).toBe(200);
  });

  it('status 429 carries Retry-After and the rate-limit body; prefixes and methods narrow the match', async () => {
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/*', method: 'get', count: 1, kind: 'status', status: 429, retryAfter: 3 });
    expect((await c.get('/api/sites')).status).toBe(200);
    const limited = await c.get('/api/dashboard/fleet');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.json).toEqual({ detail: 'Rate limit exceeded. Please slow down.', retry_after: 3 });
  });

  it('drop: the connection is destroyed without an answer', async () => {
    await control(test.sim, 'POST', '/control/faults', { path: '/api/sites', kind: 'drop' });
    await expect(c.get('/api/sites')).rejects.toThrow();
    expect((await c.get('/api/sites')).status).toBe(200);
  });

  it('hang: the request stays open until the client gives up', async () => {
    await control(test.sim, 'POST', '/control/faults', { path: '/api/sites', kind: 'hang' });
    const abort = new AbortController();
    // Settle into a value at once, so the rejection is never briefly unhandled.
    const outcome = c.get('/api/sites', { signal: abort.signal }).then(() => 'answered', (error: unknown) => error);
    await waitForHanging(1);
    abort.abort();
    expect(await outcome).toBeInstanceOf(Error);
    await waitForHanging(0);
  });

  it('malformed: a 200 whose body is cut short, or lacks fields', async () => {
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/fleet', kind: 'malformed' });
    const truncated = await c.get('/api/dashboard/fleet?limit=3');
    expect(truncated.status).toBe(200);
    expect(() => JSON.parse(truncated.text)).toThrow();
    await control(test.sim, 'POST', '/control/faults', { path: '/api/dashboard/fleet', kind: 'malformed', malformed: 'missing-fields' });
    const missing = await c.get('/api/dashboard/fleet?limit=3');
    const rows = JSON.parse(missing.text) as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).not.toHaveProperty('site_id');
  });

  it('latency: answers normally, and no sooner than the delay', async () => {
    const normal = await c.get('/api/auth/me');
    const delayMs = 400;
    await control(test.sim, 'POST', '/control/faults', { path: '/api/auth/me', kind: 'latency', delayMs });
    const started = performance.now();
    const delayed = await c.get('/api/auth/me');
    // A lower bound only: a busy machine may answer later still; the slack is timer granularity.
    expect(performance.now() - started).toBeGreaterThanOrEqual(delayMs - 20);
    expect(delayed.status).toBe(200);
    expect(delayed.json).toEqual(normal.json);
  });

  it('DELETE /control/faults clears pending faults', async () => {
    await control(test.sim, 'POST', '/control/faults', { path: '/api/sites', kind: 'status', count: 5 });
    expect(((await control(test.sim, 'GET', '/control/faults')).json.faults as unknown[]).length).toBe(1);
    await control(test.sim, 'DELETE', '/control/faults');
    expect((await c.get('/api/sites')).status).toBe(200);
  });
});

describe('close()', () => {
  it('does not wait for hanging requests', async () => {
    const own = await startTestSim({ seed: 1, sites: 5 });
    const client = new SimClient(own.sim);
    await control(own.sim, 'POST', '/control/faults', { path: '/api/auth/me', kind: 'hang' });
    const outcome = client.get('/api/auth/me').then(() => 'answered', (error: unknown) => error);
    while ((await control(own.sim, 'GET', '/control/state')).json.hangingRequests !== 1) await new Promise((resolve) => setImmediate(resolve));
    await own.stop();
    expect(await outcome).toBeInstanceOf(Error);
    await client.close();
  });
});
