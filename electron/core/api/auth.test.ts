import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sendJson, type RecordedRequest } from './test-support/scripted-server.ts';

import { failure, useScriptedApi } from './test-support/api-harness.ts';

const scripted = useScriptedApi();

const SESSION_COOKIE = 'session_token=tok-from-cookie_123; HttpOnly; Secure; SameSite=Strict; Max-Age=86400; Path=/';
const USER = { username: 'tech', displayName: 'Tech One', role: 'operator' };

describe('login', () => {
  it('takes the token from Set-Cookie, not from the body', async () => {
    scripted.server.script((request, response) => {
      sendJson(response, 200, { success: true, user: USER, error: null, token: 'tok-from-body' }, { 'set-cookie': ['other=1; Path=/', SESSION_COOKIE] });
    });
    const result = await scripted.client().login('tech@example.com', 'Correct-Horse-9!');
    expect(result).toEqual({ kind: 'session', token: 'tok-from-cookie_123', user: USER });
    expect(scripted.server.requests).toHaveLength(1);
    const [login] = scripted.server.requests as [RecordedRequest];
    expect(login.method).toBe('POST');
    expect(login.path).toBe('/api/auth/login');
    expect(JSON.parse(login.body)).toEqual({ username: 'tech@example.com', password: 'Correct-Horse-9!' });
    expect(login.headers['content-type']).toMatch(/application\/json/);
  });

  it('refuses a success without a session cookie as a bad response', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: true, user: USER, error: null }));
    const error = await failure(scripted.client().login('tech', 'pw'));
    expect(error.code).toBe('bad-response');
    expect(error.message).toMatch(/session_token/);
  });

  it.each([
    ['Invalid username or password', 'invalid-credentials', /user name or password is not correct/],
    ['Account locked. Try again in 12 minutes.', 'account-locked', /Try again in 12 minutes/],
    ['Account is disabled', 'account-disabled', /disabled/],
    ['MFA is required for this account. Please set up MFA before logging in.', 'mfa-setup-required', /set up two-factor/],
    ['Account pending approval', 'forbidden', /did not accept the sign-in: Account pending approval/],
  ] as const)('maps "%s" (HTTP 200, success:false) to %s', async (serverError, code, message) => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: false, error: serverError }));
    const error = await failure(scripted.client().login('tech', 'wrong'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('wrong');
  });

  it('reports the lockout minutes as a detail', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: false, error: 'Account locked. Try again in 7 minutes.' }));
    const error = await failure(scripted.client().login('tech', 'pw'));
    expect(error.details?.minutes).toBe(7);
  });

  it('does not retry a 429 and reports Retry-After', async () => {
    scripted.server.script((_request, response) =>
      sendJson(response, 429, { detail: 'Too many authentication attempts. Please try again later.', retry_after: 42 }, { 'retry-after': '42' }),
    );
    const error = await failure(scripted.client({ retries: 2 }).login('tech', 'pw'));
    expect(error.code).toBe('rate-limited');
    expect(error.details?.retryAfterSeconds).toBe(42);
    expect(error.message).toBe('Too many attempts. Try again in 42 s.');
    expect(scripted.server.requests).toHaveLength(1);
  });

  it('reads retry_after from the body when the header is missing', async () => {
    scripted.server.script((_request, response) => sendJson(response, 429, { error: 'Account locked. Try again in 15 minutes.', status_code: 429, retry_after: 900 }));
    const error = await failure(scripted.client().login('tech', 'pw'));
    expect(error.code).toBe('rate-limited');
    expect(error.details?.retryAfterSeconds).toBe(900);
  });

  it('returns the MFA challenge when the server asks for a second step', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: false, error: 'mfa_required', user: { mfa_token: 'pending-abc' } }));
    expect(await scripted.client().login('tech', 'pw')).toEqual({ kind: 'mfa', mfaToken: 'pending-abc' });
  });

  it('rejects an MFA challenge without a token as a bad response naming the field', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: false, error: 'mfa_required', user: {} }));
    const error = await failure(scripted.client().login('tech', 'pw'));
    expect(error.code).toBe('bad-response');
    expect(error.details?.path).toBe('user.mfa_token');
  });
});

/** A Central Command double for the CSRF dance: a GET without the cookie hands out `csrf-<n>`. */
function csrfServer(options: { rejectFirstMutation?: boolean; verify: (request: RecordedRequest) => { status: number; body: unknown; cookie?: string } }) {
  let issued = 0;
  let rejected = false;
  scripted.server.script((request, response) => {
    if (request.method === 'GET') {
      const headers: Record<string, string> = {};
      if (!/csrf_token=/.test(String(request.headers.cookie ?? ''))) headers['set-cookie'] = `csrf_token=csrf-${++issued}.sig; Secure; SameSite=Strict; Max-Age=86400; Path=/`;
      sendJson(response, 401, { error: 'Authentication required', status_code: 401 }, headers);
      return;
    }
    const cookie = /csrf_token=([^;]+)/.exec(String(request.headers.cookie ?? ''))?.[1];
    const header = request.headers['x-csrf-token'];
    if (!cookie || cookie !== header || (options.rejectFirstMutation && !rejected)) {
      rejected = true;
      sendJson(response, 403, { detail: 'CSRF validation failed. Refresh the page and try again.' });
      return;
    }
    const answer = options.verify(request);
    sendJson(response, answer.status, answer.body, answer.cookie ? { 'set-cookie': answer.cookie } : {});
  });
}

describe('verifyTotp', () => {
  it('fetches a CSRF cookie first and sends it as cookie and header', async () => {
    csrfServer({ verify: () => ({ status: 200, body: { success: true, user: USER, error: null }, cookie: SESSION_COOKIE }) });
    const result = await scripted.client().verifyTotp('pending-abc', '123456');
    expect(result).toEqual({ kind: 'session', token: 'tok-from-cookie_123', user: USER });
    const [csrfGet, verify] = scripted.server.requests;
    expect(csrfGet?.method).toBe('GET');
    expect(csrfGet?.path).toBe('/api/auth/me');
    expect(csrfGet?.headers.cookie).toBeUndefined();
    expect(verify?.path).toBe('/api/auth/verify-totp');
    expect(verify?.headers.cookie).toBe('csrf_token=csrf-1.sig');
    expect(verify?.headers['x-csrf-token']).toBe('csrf-1.sig');
    expect(JSON.parse(verify?.body ?? '')).toEqual({ mfa_token: 'pending-abc', totp_code: '123456' });
  });

  it('after a CSRF 403 fetches a fresh cookie once and repeats once', async () => {
    csrfServer({ rejectFirstMutation: true, verify: () => ({ status: 200, body: { success: true, user: USER, error: null }, cookie: SESSION_COOKIE }) });
    const result = await scripted.client().verifyTotp('pending-abc', '123456');
    expect(result.kind).toBe('session');
    expect(scripted.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/auth/me',
      'POST /api/auth/verify-totp',
      'GET /api/auth/me',
      'POST /api/auth/verify-totp',
    ]);
    const repeat = scripted.server.requests[3];
    expect(repeat?.headers.cookie).toBe('csrf_token=csrf-2.sig');
    expect(repeat?.headers['x-csrf-token']).toBe('csrf-2.sig');
  });

  it('gives up with csrf-failed when the repeat is rejected too', async () => {
    scripted.server.script((request, response) => {
      if (request.method === 'GET') sendJson(response, 401, { error: 'Authentication required' }, { 'set-cookie': 'csrf_token=x.sig; Path=/' });
      else sendJson(response, 403, { detail: 'CSRF validation failed. Refresh the page and try again.' });
    });
    const error = await failure(scripted.client().verifyTotp('pending-abc', '123456'));
    expect(error.code).toBe('csrf-failed');
    expect(scripted.server.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
  });

  it.each([
    ['Invalid TOTP code', 'mfa-invalid'],
    ['Invalid or expired MFA token', 'mfa-expired'],
    ['MFA token has expired', 'mfa-expired'],
    ['MFA not configured', 'mfa-setup-required'],
  ] as const)('maps "%s" to %s', async (serverError, code) => {
    csrfServer({ verify: () => ({ status: 200, body: { success: false, error: serverError } }) });
    const error = await failure(scripted.client().verifyTotp('pending-abc', '000000'));
    expect(error.code).toBe(code);
  });

  it('reuses the CSRF cookie for later mutations', async () => {
    csrfServer({ verify: () => ({ status: 200, body: { status: 'promoted', pattern_id: 'p1' } }) });
    const api = scripted.client();
    const promoted = z.object({ status: z.string() });
    expect(await api.postJson('/api/dashboard/learning/promote/p1', promoted, { token: 't' })).toEqual({ status: 'promoted' });
    await api.postJson('/api/dashboard/learning/promote/p1', promoted, { token: 't' });
    expect(scripted.server.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'POST']);
    expect(scripted.server.requests[2]?.headers.authorization).toBe('Bearer t');
  });
});

describe('me and logout', () => {
  it('me sends the Bearer token and returns the user', async () => {
    scripted.server.script((request, response) => {
      if (request.headers.authorization === 'Bearer good-token') sendJson(response, 200, { id: '7', username: 'tech', displayName: 'Tech One', role: 'admin', extra: true });
      else sendJson(response, 401, { error: 'Invalid or expired token', status_code: 401 });
    });
    expect(await scripted.client().me('good-token')).toEqual({ id: '7', username: 'tech', displayName: 'Tech One', role: 'admin' });
  });

  it('me maps 401 to session-expired', async () => {
    scripted.server.script((_request, response) => sendJson(response, 401, { error: 'Invalid or expired token', status_code: 401 }));
    const error = await failure(scripted.client().me('stale-token'));
    expect(error.code).toBe('session-expired');
    expect(error.message).toBe('Your session with Central Command has ended. Sign in again.');
    expect(error.message).not.toContain('stale-token');
  });

  it('me maps a 200 with null to session-expired', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, null));
    expect((await failure(scripted.client().me('t'))).code).toBe('session-expired');
  });

  it('logout posts with the Bearer token and needs no CSRF round trip', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: true }));
    expect(await scripted.client().logout('tok')).toEqual({ success: true });
    expect(scripted.server.requests).toHaveLength(1);
    expect(scripted.server.requests[0]?.method).toBe('POST');
    expect(scripted.server.requests[0]?.path).toBe('/api/auth/logout');
    expect(scripted.server.requests[0]?.headers.authorization).toBe('Bearer tok');
  });

  it('logout of an already ended session reports success:false instead of failing', async () => {
    scripted.server.script((_request, response) => sendJson(response, 401, { error: 'No token provided', status_code: 401 }));
    expect(await scripted.client().logout('tok')).toEqual({ success: false });
  });
});
