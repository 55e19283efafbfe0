import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SitesPageSchema } from '#shared/fleet/fleet-api.ts';
import { sendJson } from './test-support/scripted-server.ts';

import { failure, useScriptedApi } from './test-support/api-harness.ts';

const scripted = useScriptedApi();
/** Timers and clocks are only as exact as a few milliseconds: a wait measured this much short still counts. */
const RETRY_AFTER_SLACK_MS = 20;

function site(overrides: Record<string, unknown> = {}) {
  return {
    site_id: 'site-1',
    clinic_name: 'Clinic One',
    contact_name: null,
    contact_email: null,
    tier: 'standard',
    status: 'online',
    live_status: 'online',
    onboarding_stage: 'active',
    created_at: '2026-01-02T03:04:05.123456+00:00',
    updated_at: '2026-01-02T03:04:05Z',
    last_checkin: null,
    appliance_count: 2,
    client_org_id: null,
    org_name: null,
    ...overrides,
  };
}

function sitesPage(sites: unknown[]) {
  return { sites, count: sites.length, total: sites.length, limit: 25, offset: 0, stats: { online: 1, stale: 0, offline: 0, pending: 0, auth_failed: 0 } };
}

describe('getJson', () => {
  it('sends Bearer and the query, returns data, ETag and the raw body', async () => {
    const payload = sitesPage([site({ brand_new_field: 'tolerated' })]);
    scripted.server.script((_request, response) => sendJson(response, 200, payload, { etag: 'W/"abc"' }));
    const result = await scripted.client().getJson('/api/sites', SitesPageSchema, { token: 'tok', query: { limit: 25, offset: 0, sort_by: 'clinic_name' } });
    expect(result.status).toBe(200);
    if (result.status !== 200) throw new Error('unreachable');
    expect(result.etag).toBe('W/"abc"');
    expect(JSON.parse(result.body)).toEqual(payload);
    expect(result.data.sites[0]?.created_at).toBe('2026-01-02T03:04:05.123Z');
    expect(result.data.sites[0]).not.toHaveProperty('brand_new_field');
    const [request] = scripted.server.requests;
    expect(request?.url).toBe('/api/sites?limit=25&offset=0&sort_by=clinic_name');
    expect(request?.headers.authorization).toBe('Bearer tok');
    expect(request?.headers['if-none-match']).toBeUndefined();
  });

  it('sends If-None-Match and treats 304 as success', async () => {
    scripted.server.script((request, response) => {
      if (request.headers['if-none-match'] === 'W/"abc"') {
        response.writeHead(304, { etag: 'W/"abc"' });
        response.end();
      } else sendJson(response, 200, sitesPage([]), { etag: 'W/"new"' });
    });
    expect(await scripted.client().getJson('/api/sites', SitesPageSchema, { token: 'tok', etag: 'W/"abc"' })).toEqual({ status: 304, etag: 'W/"abc"' });
  });

  it('rejects a mistyped field with its path', async () => {
    const sites = [site(), site(), site(), site({ live_status: 5 })];
    scripted.server.script((_request, response) => sendJson(response, 200, sitesPage(sites)));
    const error = await failure(scripted.client().getJson('/api/sites', SitesPageSchema, { token: 'tok' }));
    expect(error.code).toBe('bad-response');
    expect(error.details?.path).toBe('sites.3.live_status');
    expect(error.message).toBe('Central Command sent data the console does not understand (sites.3.live_status: expected string).');
  });

  it('rejects a missing field and says it is missing', async () => {
    const broken = site();
    delete (broken as Record<string, unknown>).appliance_count;
    scripted.server.script((_request, response) => sendJson(response, 200, sitesPage([broken])));
    const error = await failure(scripted.client().getJson('/api/sites', SitesPageSchema, { token: 'tok' }));
    expect(error.details?.path).toBe('sites.0.appliance_count');
    expect(error.message).toMatch(/expected number, but it is missing/);
  });

  it('rejects a body that is not JSON', async () => {
    scripted.server.script((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"sites": [');
    });
    const error = await failure(scripted.client().getJson('/api/sites', SitesPageSchema, { token: 'tok' }));
    expect(error.code).toBe('bad-response');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('refuses a path that leaves the server', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, {}));
    const api = scripted.client();
    for (const path of ['https://elsewhere.example/api', '//elsewhere.example/api', '/\\elsewhere.example/api', 'api/sites']) {
      expect((await failure(api.getJson(path, z.unknown(), { token: 'tok' }))).code).toBe('invalid-input');
    }
    expect(scripted.server.requests).toHaveLength(0);
  });

  it('does not follow a redirect (the token would travel along)', async () => {
    scripted.server.script((_request, response) => {
      response.writeHead(302, { location: 'https://elsewhere.example/' });
      response.end();
    });
    const error = await failure(scripted.client().getJson('/api/sites', z.unknown(), { token: 'tok' }));
    expect(error.code).toBe('bad-response');
    expect(error.message).toMatch(/redirect/);
    expect(scripted.server.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries a GET that answers 503 twice, then succeeds', async () => {
    let calls = 0;
    scripted.server.script((_request, response) => {
      calls += 1;
      if (calls <= 2) sendJson(response, 503, { error: 'Service unavailable', status_code: 503 }, { 'retry-after': '0' });
      else sendJson(response, 200, { ok: true });
    });
    const result = await scripted.client({ retries: 2 }).getJson('/api/dashboard/stats', z.object({ ok: z.boolean() }), { token: 'tok' });
    expect(result.status).toBe(200);
    expect(scripted.server.requests).toHaveLength(3);
  });

  it('gives up after the retry limit with server-error', async () => {
    scripted.server.script((_request, response) => sendJson(response, 502, { error: 'Bad gateway', status_code: 502 }, { 'retry-after': '0' }));
    const error = await failure(scripted.client({ retries: 1 }).getJson('/api/dashboard/stats', z.unknown(), { token: 'tok' }));
    expect(error.code).toBe('server-error');
    expect(scripted.server.requests).toHaveLength(2);
  });

  it('honours Retry-After on a GET 429: the retry comes no sooner than the server asked, and succeeds', async () => {
    const arrivals: number[] = [];
    scripted.server.script((_request, response) => {
      arrivals.push(performance.now());
      if (arrivals.length === 1) sendJson(response, 429, { detail: 'Rate limit exceeded. Please slow down.', retry_after: 1 }, { 'retry-after': '1' });
      else sendJson(response, 200, { ok: true });
    });
    const result = await scripted.client().getJson('/api/dashboard/stats', z.object({ ok: z.boolean() }), { token: 'tok' });
    expect(result.status).toBe(200);
    expect(arrivals).toHaveLength(2);
    // A lower bound only (a busy machine may wait longer); the slack is timer granularity.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(1000 - RETRY_AFTER_SLACK_MS);
  });

  it('caps a long Retry-After at maxRetryAfterSeconds and waits that cap (uncapped, this test would time out)', async () => {
    const arrivals: number[] = [];
    scripted.server.script((_request, response) => {
      arrivals.push(performance.now());
      if (arrivals.length === 1) sendJson(response, 429, { detail: 'Rate limit exceeded. Please slow down.', retry_after: 3600 }, { 'retry-after': '3600' });
      else sendJson(response, 200, { ok: true });
    });
    const result = await scripted.client({ maxRetryAfterSeconds: 1 }).getJson('/api/dashboard/stats', z.object({ ok: z.boolean() }), { token: 'tok' });
    expect(result.status).toBe(200);
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(1000 - RETRY_AFTER_SLACK_MS);
  });

  it('reports rate-limited with retryAfterSeconds when GET retries run out', async () => {
    scripted.server.script((_request, response) => sendJson(response, 429, { detail: 'Rate limit exceeded. Please slow down.', retry_after: 9 }, { 'retry-after': '9' }));
    const error = await failure(scripted.client({ retries: 0 }).getJson('/api/dashboard/stats', z.unknown(), { token: 'tok' }));
    expect(error.code).toBe('rate-limited');
    expect(error.details?.retryAfterSeconds).toBe(9);
  });

  it('never retries a POST', async () => {
    scripted.server.script((request, response) => {
      if (request.method === 'GET') sendJson(response, 401, { error: 'Authentication required' }, { 'set-cookie': 'csrf_token=c.sig; Path=/' });
      else sendJson(response, 503, { error: 'Service unavailable', status_code: 503 }, { 'retry-after': '0' });
    });
    const error = await failure(scripted.client({ retries: 2 }).postJson('/api/dashboard/incidents/i-1/resolve', z.unknown(), { token: 'tok' }));
    expect(error.code).toBe('server-error');
    expect(scripted.server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });
});

describe('error bodies', () => {
  it.each([
    [404, { error: 'Site not found', status_code: 404 }, 'not-found', 'Site not found'],
    [409, { error: { error: 'phantom_site_rollout', message: 'The site has no live appliances.' }, status_code: 409 }, 'conflict', 'The site has no live appliances.'],
    [403, { detail: 'Operator access required' }, 'forbidden', 'Operator access required'],
    [403, { detail: 'CSRF validation failed. Refresh the page and try again.' }, 'csrf-failed', null],
    [422, { detail: [{ type: 'missing', loc: ['query', 'limit'], msg: 'Field required', input: null }] }, 'validation-failed', 'query.limit: Field required'],
    [400, { status: 'error', message: 'Incident already resolved' }, 'invalid-state', 'Incident already resolved'],
    [500, { error: 'Internal server error', status_code: 500 }, 'server-error', 'Internal server error'],
    [401, { detail: 'Invalid or expired token' }, 'session-expired', null],
  ] as const)('HTTP %i %j -> %s', async (status, body, code, text) => {
    scripted.server.script((_request, response) => sendJson(response, status, body));
    const error = await failure(scripted.client({ retries: 0 }).getJson('/api/dashboard/fleet', z.unknown(), { token: 'tok' }));
    expect(error.code).toBe(code);
    if (text) {
      expect(error.message).toContain(text);
      expect(error.details?.serverMessage).toBe(text);
    }
  });

  it('keeps the short code of an error object', async () => {
    scripted.server.script((_request, response) => sendJson(response, 409, { error: { error: 'phantom_site_rollout', message: 'No live appliances.' }, status_code: 409 }));
    const error = await failure(scripted.client().getJson('/api/x', z.unknown(), { token: 'tok' }));
    expect(error.details?.serverCode).toBe('phantom_site_rollout');
  });

  it('ignores an HTML error page and still maps the status', async () => {
    scripted.server.script((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><body>Bad Gateway</body></html>');
    });
    const error = await failure(scripted.client({ retries: 0 }).getJson('/api/x', z.unknown(), { token: 'tok' }));
    expect(error.code).toBe('server-error');
    expect(error.message).toBe('Central Command had a problem answering (HTTP 502). Try again later.');
  });

  it('never puts the token or a ?token= value into errors or logs', async () => {
    const lines: string[] = [];
    scripted.server.script((_request, response) => sendJson(response, 404, { error: 'Site not found', status_code: 404 }));
    const api = scripted.client({ retries: 0, log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`) });
    const error = await failure(api.getJson('/api/sites/s1', z.unknown(), { token: 'secret-session-token', query: { token: 'secret-query-token' } }));
    const everything = JSON.stringify({ message: error.message, details: error.details, stack: error.stack }) + lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain('secret-session-token');
    expect(everything).not.toContain('secret-query-token');
    expect(error.cause).toBeUndefined();
  });
});
