import { request } from 'node:http';
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '#shared/errors.ts';
import { cspWeaknesses, parseContentSecurityPolicy } from '#shared/security/csp.ts';
import { startWebShell, type WebShell } from './server.ts';
import { APP_INFO, eventSource, fakeHandlers, makeRendererDir, rawClient, rawGet, shellParts, spendLaunchCode, type RawClient } from './test-support.ts';

let root: string;
let rendererDir: string;
const openShells: WebShell[] = [];
const openClients: RawClient[] = [];

beforeAll(async () => {
  ({ root, rendererDir } = await makeRendererDir());
});
afterEach(async () => {
  for (const client of openClients.splice(0)) client.socket.terminate();
  await Promise.all(openShells.splice(0).map((shell) => shell.close()));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function start(overrides: Partial<Parameters<typeof fakeHandlers>[0]> = {}, options: { reconnectGraceMs?: number; helloTimeoutMs?: number } = {}) {
  const { handlers, calls } = fakeHandlers(overrides);
  const events = eventSource();
  const shell = await startWebShell({ handlers, onEvent: events.onEvent, rendererDir, ...options });
  openShells.push(shell);
  return { shell, calls, events };
}

function rawRequest(url: string, method: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: shellParts(url).port, path, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** How the socket was closed, or a note that it was still open after `ms` (a bound, so a broken refusal fails fast). */
async function closedWithin(connected: RawClient, ms: number): Promise<{ code: number } | string> {
  let bound: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([connected.closed, new Promise<string>((resolve) => (bound = setTimeout(() => resolve(`still open after ${ms} ms`), ms)))]);
  clearTimeout(bound);
  return outcome;
}

async function client(shell: WebShell, options: Parameters<typeof rawClient>[1] = {}) {
  const connected = await rawClient(shell.url, options);
  openClients.push(connected);
  return connected;
}

/** The page secret of each shell's first (and only) launch load. */
const pageSecrets = new WeakMap<WebShell, Promise<string>>();
function pageSecretOf(shell: WebShell): Promise<string> {
  let secret = pageSecrets.get(shell);
  if (!secret) pageSecrets.set(shell, (secret = spendLaunchCode(shell.url)));
  return secret;
}

async function authenticated(shell: WebShell) {
  const secret = await pageSecretOf(shell);
  const connected = await client(shell);
  connected.socket.send(JSON.stringify({ type: 'hello', secret }));
  expect(await connected.nextFrame()).toEqual({ type: 'welcome' });
  return connected;
}

describe('startWebShell over real HTTP', () => {
  it('listens on 127.0.0.1 with a one-time 32-byte base64url launch code in the query', async () => {
    const { shell } = await start();
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?launch=[A-Za-z0-9_-]{43}$/);
    expect(shell.origin).toBe(`http://127.0.0.1:${shellParts(shell.url).port}`);
  });

  it('serves index.html with the strict CSP (plus its own ws://) and the bridge script first', async () => {
    const { shell } = await start();
    const { port } = shellParts(shell.url);
    const response = await rawGet(shell.url, '/', { host: `127.0.0.1:${port}` });
    expect(response.status).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    expect(cspWeaknesses(csp)).toEqual([]);
    expect(parseContentSecurityPolicy(csp).get('connect-src')).toEqual(["'self'", `ws://127.0.0.1:${port}`]);
    const scripts = [...response.body.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts).toEqual(['/__shell/bridge.js', '/assets/app.js']);
    expect(response.body).not.toContain(shellParts(shell.url).launchCode);
    expect(response.body).not.toContain('central-console-page-secret');
  });

  it('the launch load gets a page secret (not the code) right before the bridge script, never cached', async () => {
    const { shell } = await start();
    const { launchPath, hostHeader, launchCode } = shellParts(shell.url);
    const response = await rawGet(shell.url, launchPath, { host: hostHeader });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const head = /<meta name="central-console-page-secret" content="([A-Za-z0-9_-]{43})"><script src="\/__shell\/bridge\.js"><\/script>/.exec(response.body);
    expect(head).not.toBeNull();
    expect(head?.[1]).not.toBe(launchCode);
    expect(response.body).not.toContain(launchCode);
  });

  it('refuses every later load of the spent launch address with a page that says so and what to do', async () => {
    const { shell } = await start();
    await spendLaunchCode(shell.url);
    const { launchPath, hostHeader } = shellParts(shell.url);
    for (let attempt = 0; attempt < 2; attempt++) {
      const again = await rawGet(shell.url, launchPath, { host: hostHeader });
      expect(again.status).toBe(410);
      expect(again.headers['content-type']).toMatch(/^text\/html/);
      expect(again.body).toContain('already used');
      expect(again.body).toContain('start it again');
      expect(again.body).not.toContain('<script');
      expect(again.body).not.toContain('central-console-page-secret');
    }
  });

  it('refuses a launch address with a code it never issued, and a HEAD of the real one does not spend it', async () => {
    const { shell } = await start();
    const { launchPath, hostHeader, launchCode } = shellParts(shell.url);
    const wrong = await rawGet(shell.url, launchPath.replace(launchCode, 'A'.repeat(43)), { host: hostHeader });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('not an address of this console');
    const head = await rawRequest(shell.url, 'HEAD', launchPath, { host: hostHeader });
    expect(head).toBe(405);
    await expect(spendLaunchCode(shell.url)).resolves.toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves the bundled bridge script as JavaScript', async () => {
    const { shell } = await start();
    const response = await rawGet(shell.url, '/__shell/bridge.js', { host: shellParts(shell.url).hostHeader });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    expect(response.body).toContain('centralConsole');
    expect(response.body).not.toMatch(/^\s*(import|export) /m);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/', '/assets', '/.hidden'])('refuses %s', async (path) => {
    const { shell } = await start();
    const response = await rawGet(shell.url, path, { host: shellParts(shell.url).hostHeader });
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside the renderer');
    expect(response.body).not.toContain('app.js');
  });

  it.each([['localhost:PORT'], ['127.0.0.1'], ['evil.example:PORT'], ['127.0.0.1:1']])('refuses HTTP with Host %s (DNS rebinding)', async (host) => {
    const { shell } = await start();
    const response = await rawGet(shell.url, '/', { host: host.replace('PORT', String(shellParts(shell.url).port)) });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('<html');
  });

  it('refuses a request with a foreign Origin', async () => {
    const { shell } = await start();
    const response = await rawGet(shell.url, '/assets/app.js', { host: shellParts(shell.url).hostHeader, origin: 'http://evil.example' });
    expect(response.status).toBe(403);
  });
});

describe('startWebShell bridge over a real WebSocket', () => {
  it('answers an invoke after the hello, through the dispatcher', async () => {
    const { shell, calls } = await start();
    const page = await authenticated(shell);
    page.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info' }));
    expect(await page.nextFrame()).toEqual({ type: 'result', id: 1, result: { ok: true, value: APP_INFO } });
    expect(calls).toEqual([{ channel: 'app:info', input: undefined }]);
  });

  it('refuses invalid input and unknown channels without calling a handler, and keeps ConsoleError codes', async () => {
    const { shell, calls } = await start({
      'session:signOut': async () => {
        throw new ConsoleError('session-expired', 'Sign in again.');
      },
    });
    const page = await authenticated(shell);
    page.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'session:verifyTotp', input: { code: 'x' } }));
    page.socket.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'shell:exec' }));
    page.socket.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'session:signOut' }));
    const results = [await page.nextFrame(), await page.nextFrame(), await page.nextFrame()];
    expect(results).toContainEqual({ type: 'result', id: 1, result: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) }) });
    expect(results).toContainEqual({ type: 'result', id: 2, result: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) }) });
    expect(results).toContainEqual({ type: 'result', id: 3, result: { ok: false, error: { code: 'session-expired', message: 'Sign in again.' } } });
    expect(calls.map((call) => call.channel)).toEqual(['session:signOut']);
  });

  it('pushes core events to the authenticated page', async () => {
    const { shell, events } = await start();
    const page = await authenticated(shell);
    events.emit('data:changed', { kinds: ['fleet'], syncedAt: '2026-01-01T00:00:00Z' });
    expect(await page.nextFrame()).toEqual({ type: 'event', event: 'data:changed', payload: { kinds: ['fleet'], syncedAt: '2026-01-01T00:00:00Z' } });
  });

  it('drops a pushed event that does not match its schema (an undeclared field could be a secret)', async () => {
    const { shell, events } = await start();
    const page = await authenticated(shell);
    events.emit('data:changed', { kinds: ['fleet'], syncedAt: null, sessionToken: 'leak' } as never);
    events.emit('session:idleWarning', { locksAt: 42 } as never);
    events.emit('data:changed', { kinds: ['fleet'], syncedAt: '2026-01-01T00:00:00Z' });
    expect(await page.nextFrame()).toEqual({ type: 'event', event: 'data:changed', payload: { kinds: ['fleet'], syncedAt: '2026-01-01T00:00:00Z' } });
    expect(JSON.stringify(page.frames)).not.toContain('leak');
  });

  it('refuses the launch code itself as a hello secret: only a page secret opens the bridge', async () => {
    const { shell, calls } = await start();
    await pageSecretOf(shell);
    const page = await client(shell);
    page.socket.send(JSON.stringify({ type: 'hello', secret: shellParts(shell.url).launchCode }));
    page.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info' }));
    expect(await closedWithin(page, 5_000)).toEqual({ code: 4401 });
    expect(calls).toEqual([]);
  });

  it('closes a socket whose hello does not arrive within 2 s (the default)', async () => {
    const { shell } = await start();
    const page = await client(shell);
    expect(await closedWithin(page, 5_000)).toEqual({ code: 4408 });
  });

  it('keeps at most 4 sockets waiting for their hello; a fifth is closed at once, and room frees up', async () => {
    const { shell } = await start({}, { helloTimeoutMs: 60_000 });
    const waiting = await Promise.all([0, 1, 2, 3].map(() => client(shell)));
    const fifth = await client(shell);
    expect(await closedWithin(fifth, 5_000)).toEqual({ code: 4429 });
    waiting[0]!.socket.close();
    await waiting[0]!.closed;
    const page = await authenticated(shell);
    page.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info' }));
    expect(await page.nextFrame()).toEqual({ type: 'result', id: 1, result: { ok: true, value: APP_INFO } });
  });

  it('closes a socket that sends the wrong secret', async () => {
    const { shell, calls } = await start();
    const page = await client(shell);
    const secret = await pageSecretOf(shell);
    page.socket.send(JSON.stringify({ type: 'hello', secret: secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A') }));
    page.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info' }));
    expect(await page.closed).toEqual({ code: 4401 });
    expect(page.frames).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('closes a socket whose first frame is not a hello', async () => {
    const { shell, calls } = await start();
    const page = await client(shell);
    page.socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info' }));
    expect(await page.closed).toEqual({ code: 4400 });
    expect(calls).toEqual([]);
  });

  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a localhost Origin', { origin: 'http://localhost:1' }],
    ['a wrong Host', { host: 'localhost' }],
    ['another path', { path: '/socket' }],
  ])('refuses the upgrade from %s', async (_case, options) => {
    const { shell } = await start();
    await expect(rawClient(shell.url, options)).rejects.toThrow(/403/);
  });

  it('refuses a second page while one is connected', async () => {
    const { shell, events } = await start();
    const first = await authenticated(shell);
    const second = await client(shell);
    second.socket.send(JSON.stringify({ type: 'hello', secret: await pageSecretOf(shell) }));
    expect(await second.closed).toEqual({ code: 4409 });
    events.emit('data:changed', { kinds: ['fleet'], syncedAt: null });
    expect(await first.nextFrame()).toEqual({ type: 'event', event: 'data:changed', payload: { kinds: ['fleet'], syncedAt: null } });
  });

  it('resolves `closed` when the page leaves and does not come back, not before', async () => {
    const { shell } = await start({}, { reconnectGraceMs: 0 });
    let closedResolved = false;
    void shell.closed.then(() => (closedResolved = true));
    const page = await authenticated(shell);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedResolved, 'closed while the page is still connected').toBe(false);
    page.socket.close();
    // Asserted, not left to the test timeout: the outcome within a bound far above the zero grace period.
    const outcome = await Promise.race([shell.closed.then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 5_000, 'still open 5 s after the page left'))]);
    expect(outcome).toBe('closed');
  });

  it('stays open when the page comes back within the grace period (a reload), until close()', async () => {
    const { shell, events } = await start({}, { reconnectGraceMs: 60_000 });
    let closedResolved = false;
    void shell.closed.then(() => (closedResolved = true));
    const first = await authenticated(shell);
    first.socket.close();
    await first.closed;
    const second = await authenticated(shell);
    events.emit('data:changed', { kinds: ['fleet'], syncedAt: null });
    expect(await second.nextFrame()).toMatchObject({ type: 'event' });
    expect(closedResolved).toBe(false);
    await shell.close();
    expect(await second.closed).toEqual({ code: 4001 });
    await shell.closed;
    expect(events.listenerCount).toBe(0);
  });
});
