import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';

// Auth over real HTTPS: login, TOTP, lockout, rate limits, CSRF, sessions, logout.
let test: TestSim;
const clients: SimClient[] = [];

function client(): SimClient {
  const made = new SimClient(test.sim);
  clients.push(made);
  return made;
}

beforeAll(async () => {
  test = await startTestSim({ seed: 7, sites: 20 });
});

afterEach(async () => {
  // Each test starts from clean limits, config and fault lists; sessions carry over only inside a test.
  await control(test.sim, 'DELETE', '/control/rate-limits');
  await control(test.sim, 'DELETE', '/control/faults');
  await control(test.sim, 'POST', '/control/config', { authRateLimitPerMinute: 5, lockoutThreshold: 5, lockoutMinutes: 15, sessionIdleMinutes: 15 });
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await test.stop();
});

describe('POST /api/auth/login', () => {
  it('sets the session cookie only in Set-Cookie and answers the LoginResponse shape', async () => {
    const c = client();
    const res = await c.login('admin', passwordOf(test.sim, 'admin'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: true, user: { username: 'admin', displayName: 'Administrator', role: 'admin' }, error: null });
    const cookie = res.setCookies.find((value) => value.startsWith('session_token='))!;
    expect(cookie).toMatch(/^session_token=[A-Za-z0-9_-]{43}; /);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Max-Age=86400', 'Path=/']) expect(cookie).toContain(attribute);
    expect(res.text).not.toContain(c.jar.get('session_token')!);
  });

  it('accepts the email and echoes what was typed, while /me gives the real username and a stable id', async () => {
    const c = client();
    const res = await c.login('admin@local', passwordOf(test.sim, 'admin'));
    expect((res.json as { user: { username: string } }).user.username).toBe('admin@local');
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    const body = me.json as Record<string, string>;
    expect(Object.keys(body)).toEqual(['id', 'username', 'displayName', 'role']);
    expect(body.username).toBe('admin');
    expect(body.id).not.toBe('admin');
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers failures with HTTP 200 and success:false', async () => {
    const c = client();
    const wrong = await c.login('admin', 'Not-The-Password9!');
    expect(wrong.status).toBe(200);
    expect(wrong.json).toEqual({ success: false, user: null, error: 'Invalid username or password' });
    expect((await c.login('nobody', 'whatever')).json).toMatchObject({ success: false, error: 'Invalid username or password' });
    expect(wrong.setCookies.some((value) => value.startsWith('session_token='))).toBe(false);
  });

  it('reports a disabled account, even before checking the password', async () => {
    const c = client();
    expect((await c.login('dora', passwordOf(test.sim, 'dora'))).json).toMatchObject({ success: false, error: 'Account is disabled' });
    expect((await c.login('dora', 'wrong')).json).toMatchObject({ success: false, error: 'Account is disabled' });
  });

  it('answers 422 in FastAPI form for a bad body', async () => {
    const c = client();
    const missing = await c.post('/api/auth/login', { username: 'admin' });
    expect(missing.status).toBe(422);
    expect(missing.json).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: { username: 'admin' } }] });
    const notJson = await c.request('POST', '/api/auth/login', { rawBody: '{nope', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(422);
    expect((notJson.json as { detail: { type: string }[] }).detail[0]!.type).toBe('json_invalid');
  });

  it('locks the account after 5 failures for 15 minutes, and a success resets the counter', async () => {
    const c = client();
    await control(test.sim, 'POST', '/control/config', { authRateLimitPerMinute: 100 });
    const rita = passwordOf(test.sim, 'rita');
    for (let i = 0; i < 4; i++) await c.login('rita', 'wrong-password');
    expect((await c.login('rita', rita)).json).toMatchObject({ success: true });
    for (let i = 0; i < 5; i++) expect((await c.login('rita', 'wrong-password')).json).toMatchObject({ error: 'Invalid username or password' });
    // Ten auth POSTs in one second hit the burst limit (10/s); step past it.
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 1 });
    // floor((locked_until - now) / 60 s): a fresh 15-minute lock reads 14.
    expect((await c.login('rita', rita)).json).toEqual({ success: false, user: null, error: 'Account locked. Try again in 14 minutes.' });
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 15 * 60 + 1 });
    expect((await c.login('rita', rita)).json).toMatchObject({ success: true });
  });

  it('limits auth POSTs to 5 a minute per client with 429 + Retry-After, before looking at the body', async () => {
    const c = client();
    for (let i = 0; i < 5; i++) expect((await c.login('nobody', 'wrong')).status).toBe(200);
    const limited = await c.post('/api/auth/login', { nonsense: true });
    expect(limited.status).toBe(429);
    const body = limited.json as { detail: string; retry_after: number };
    expect(body.detail).toBe('Too many authentication attempts. Please try again later.');
    expect(body.retry_after).toBeGreaterThanOrEqual(1);
    expect(body.retry_after).toBeLessThanOrEqual(60);
    expect(limited.headers['retry-after']).toBe(String(body.retry_after));
    // A different Authorization prefix is a different key.
    expect((await c.login('nobody', 'wrong')).status).toBe(429);
    expect((await c.request('POST', '/api/auth/login', { json: { username: 'nobody', password: 'x' }, headers: { authorization: 'Bearer other-client-key' } })).status).toBe(200);
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 61 });
    expect((await c.login('carla', passwordOf(test.sim, 'carla'))).json).toMatchObject({ success: true });
  });

  it('never rate-limits GETs', async () => {
    const c = client();
    for (let i = 0; i < 30; i++) expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});

describe('TOTP second step', () => {
  async function startMfa(c: SimClient): Promise<string> {
    const res = await c.login('alice', passwordOf(test.sim, 'alice'));
    const body = res.json as { success: boolean; error: string; user: { mfa_token: string } };
    expect(body.success).toBe(false);
    expect(body.error).toBe('mfa_required');
    expect(res.setCookies.some((value) => value.startsWith('session_token='))).toBe(false);
    return body.user.mfa_token;
  }

  it('completes with the current code and sets the same session cookie', async () => {
    const c = client();
    await c.ensureCsrf();
    const mfaToken = await startMfa(c);
    const res = await c.post('/api/auth/verify-totp', { mfa_token: mfaToken, totp_code: test.sim.totp('alice') });
    expect(res.json).toEqual({ success: true, user: { username: 'alice', displayName: 'Alice Nakamura', role: 'operator' }, error: null });
    expect(c.jar.get('session_token')).toBeTruthy();
    expect((await c.get('/api/auth/me')).json).toMatchObject({ username: 'alice', role: 'operator' });
  });

  it('agrees with the control API code', async () => {
    const viaControl = await control(test.sim, 'GET', '/control/totp/alice');
    expect(viaControl.json.code).toBe(test.sim.totp('alice'));
    expect((await control(test.sim, 'GET', '/control/totp/admin')).status).toBe(404);
  });

  it('requires CSRF, even with a Bearer header', async () => {
    const c = client();
    const mfaToken = await startMfa(c);
    const without = await c.post('/api/auth/verify-totp', { mfa_token: mfaToken, totp_code: test.sim.totp('alice') });
    expect(without.status).toBe(403);
    expect(without.json).toEqual({ detail: 'CSRF validation failed. Refresh the page and try again.' });
    await c.ensureCsrf();
    const bearerNoHeader = await c.post('/api/auth/verify-totp', { mfa_token: mfaToken, totp_code: test.sim.totp('alice') }, { bearer: 'anything', csrf: false });
    expect(bearerNoHeader.status).toBe(403);
    // The refusals did not consume the pending token.
    expect((await c.post('/api/auth/verify-totp', { mfa_token: mfaToken, totp_code: test.sim.totp('alice') })).json).toMatchObject({ success: true });
  });

  it('consumes the pending token on a wrong code', async () => {
    const c = client();
    await c.ensureCsrf();
    const mfaToken = await startMfa(c);
    expect((await c.post('/api/auth/verify-totp', { mfa_token: mfaToken, totp_code: '000000' })).json).toEqual({ success: false, user: null, error: 'Invalid TOTP code' });
    expect((await c.post('/api/auth/verify-totp', { mfa_token: mfaToken, totp_code: test.sim.totp('alice') })).json).toMatchObject({ error: 'Invalid or expired MFA token' });
  });

  it('expires the pending token after 5 minutes', async () => {
    const c = client();
    await c.ensureCsrf();
    const mfaToken = await startMfa(c);
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 301 });
    expect((await c.post('/api/auth/verify-totp', { mfa_token: mfaToken, totp_code: test.sim.totp('alice') })).json).toMatchObject({ error: 'Invalid or expired MFA token' });
  });

  it('accepts each backup code once', async () => {
    const c = client();
    await c.ensureCsrf();
    const code = test.sim.users.find((u) => u.username === 'alice')!.backupCodes[3]!;
    expect((await c.post('/api/auth/verify-totp', { mfa_token: await startMfa(c), totp_code: code })).json).toMatchObject({ success: true });
    expect((await c.post('/api/auth/verify-totp', { mfa_token: await startMfa(c), totp_code: code })).json).toMatchObject({ success: false, error: 'Invalid TOTP code' });
  });
});

describe('sessions', () => {
  async function signedIn(): Promise<{ c: SimClient; token: string }> {
    const c = client();
    expect((await c.login('admin', passwordOf(test.sim, 'admin'))).json).toMatchObject({ success: true });
    return { c, token: c.jar.get('session_token')! };
  }

  it('accept the token as Bearer, but a stale cookie wins over a valid Bearer', async () => {
    const { token } = await signedIn();
    const other = client();
    expect((await other.get('/api/auth/me', { bearer: token })).status).toBe(200);
    const stale = await other.get('/api/auth/me', { bearer: token, headers: { cookie: 'session_token=stale-token-value' }, cookies: false });
    expect(stale.status).toBe(401);
    expect(stale.json).toEqual({ error: 'Invalid or expired token', status_code: 401 });
  });

  it('answer 401 in the HTTPException shape without or with a bad token', async () => {
    const c = client();
    expect((await c.get('/api/auth/me')).json).toEqual({ error: 'No token provided', status_code: 401 });
    expect((await c.get('/api/dashboard/stats')).json).toEqual({ error: 'Authentication required', status_code: 401 });
    expect((await c.get('/api/dashboard/stats', { bearer: 'bogus' })).json).toEqual({ error: 'Invalid or expired token', status_code: 401 });
    expect((await c.get('/api/auth/me')).headers['www-authenticate']).toBeUndefined();
  });

  it('idle out after 15 minutes without requests, and every request moves the idle timer', async () => {
    const { c } = await signedIn();
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 14 * 60 });
    expect((await c.get('/api/dashboard/stats')).status).toBe(200);
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 14 * 60 });
    expect((await c.get('/api/auth/me')).status).toBe(200);
    await control(test.sim, 'POST', '/control/clock/advance', { seconds: 15 * 60 + 1 });
    expect((await c.get('/api/auth/me')).json).toEqual({ error: 'Invalid or expired token', status_code: 401 });
  });

  it('end after 24 hours even when active', async () => {
    const { c } = await signedIn();
    for (let i = 0; i < 24 * 6; i++) {
      await control(test.sim, 'POST', '/control/clock/advance', { seconds: 600 });
      if ((await c.get('/api/auth/me')).status !== 200) break;
    }
    expect((await c.get('/api/auth/me')).status).toBe(401);
    const state = await control(test.sim, 'GET', '/control/state');
    expect(state.json.sessions).toBe(0);
  });

  it('are all invalidated by /control/sessions/expire', async () => {
    const { c } = await signedIn();
    expect((await control(test.sim, 'GET', '/control/state')).json.sessions).toBeGreaterThanOrEqual(1);
    await control(test.sim, 'POST', '/control/sessions/expire');
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});

describe('POST /api/auth/logout', () => {
  it('deletes the session, clears the cookie, needs no CSRF, and reports false the second time', async () => {
    const c = client();
    await c.login('admin', passwordOf(test.sim, 'admin'));
    const token = c.jar.get('session_token')!;
    const out = await c.post('/api/auth/logout', undefined, { csrf: false });
    expect(out.status).toBe(200);
    expect(out.json).toEqual({ success: true });
    expect(out.setCookies.some((value) => /^session_token=""?;.*Max-Age=0/.test(value))).toBe(true);
    expect((await c.get('/api/auth/me', { bearer: token })).status).toBe(401);
    expect((await c.post('/api/auth/logout', undefined, { bearer: token })).json).toEqual({ success: false });
  });

  it('answers 401 without a token', async () => {
    const c = client();
    expect((await c.post('/api/auth/logout')).json).toEqual({ error: 'No token provided', status_code: 401 });
  });
});

describe('CSRF cookie', () => {
  it('is set on a GET response (a 401 is enough) as token.hmac16, readable by scripts', async () => {
    const c = client();
    const res = await c.get('/api/auth/me');
    const cookie = res.setCookies.find((value) => value.startsWith('csrf_token='))!;
    expect(cookie).toMatch(/^csrf_token=[A-Za-z0-9_-]{43}\.[0-9a-f]{16}; /);
    for (const attribute of ['Secure', 'SameSite=Strict', 'Max-Age=86400']) expect(cookie).toContain(attribute);
    expect(cookie).not.toContain('HttpOnly');
    expect((await c.get('/api/auth/me')).setCookies.some((value) => value.startsWith('csrf_token='))).toBe(false);
  });

  it('must match the header and carry our signature', async () => {
    const c = client();
    const valid = await c.ensureCsrf();
    const body = { mfa_token: 'x', totp_code: '123456' };
    expect((await c.post('/api/auth/verify-totp', body, { headers: { 'x-csrf-token': `${valid}x` }, csrf: false })).status).toBe(403);
    const forged = `${valid.split('.')[0]}.0000000000000000`;
    expect((await c.post('/api/auth/verify-totp', body, { headers: { 'x-csrf-token': forged, cookie: `csrf_token=${forged}` }, csrf: false, cookies: false })).status).toBe(403);
    expect((await c.post('/api/auth/verify-totp', body)).status).toBe(200);
  });
});
