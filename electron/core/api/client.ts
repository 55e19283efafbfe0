import type { WebSocket } from 'undici';
import ky, { isHTTPError, type RetryOptions } from 'ky';
import type { ZodType } from 'zod';
import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import { normalizeServerOrigin } from '#shared/util/origin.ts';
import { LoginResponseSchema, LogoutResponseSchema, MeResponseSchema, type MeResponse } from '#shared/api/auth.ts';
import { probeServerCertificate } from './certificate-probe.ts';
import { readSetCookie } from './cookies.ts';
import { CsrfToken } from './csrf.ts';
import { badResponse, badResponseFromZod, errorFromHttpStatus, errorFromNetworkFailure, type FailureContext } from './errors.ts';
import { classifyNetworkFailure } from './network-failure.ts';
import { interpretSignIn, type LoginResult, type SessionResult } from './sign-in.ts';
import { assertTransportAllowed, assertUsableCaPem, createTransport } from './transport.ts';
import type { ProxyRoute } from './proxy.ts';
import type { Log } from '../log.ts';


export interface ApiClientOptions {
  /** What the technician typed or the stored origin; normalized here. */
  origin: string;
  /** PEM of the CA the technician chose for this server, added to the system's CAs. */
  caPem?: string | null;
  /** Development only: allow http:// to 127.0.0.1. */
  allowInsecureLoopback?: boolean;
  /** How traffic to this server leaves the computer (proxy.ts); direct by default. */
  proxy?: ProxyRoute;
  /** Per attempt; default 20 s. */
  timeoutMs?: number;
  /** Cap on a server's Retry-After (and on backoff) for GET retries; default 30 s. */
  maxRetryAfterSeconds?: number;
  /** GET retries on 408/429/5xx and network errors; default 2. POSTs are never retried. */
  retries?: number;
  userAgent?: string;
  /** Receives retries and failures: method, endpoint path (no query), code, status. Never tokens. */
  log?: Log;
}

export type GetJsonResult<T> = { status: 200; etag: string | null; data: T; body: string } | { status: 304; etag: string | null };

export interface GetJsonOptions {
  token: string;
  /** The ETag of the cached copy; a 304 answer means it is still current. */
  etag?: string | null;
  query?: Record<string, string | number>;
}

export interface ApiClient {
  readonly origin: string;
  login(username: string, password: string): Promise<LoginResult>;
  verifyTotp(mfaToken: string, code: string): Promise<SessionResult>;
  me(token: string): Promise<MeResponse>;
  /**
   * Whether Central Command answers at all, asked without a token (`GET /api/auth/me` answers 401 to
   * that): resolves on any status below 500, rejects with the failure otherwise.
   */
  probe(): Promise<void>;
  /** `success:false` when the server no longer knew the session (401): it has ended either way. */
  logout(token: string): Promise<{ success: boolean }>;
  getJson<T>(path: string, schema: ZodType<T>, options: GetJsonOptions): Promise<GetJsonResult<T>>;
  /** A mutation with the CSRF double-submit; never retried except once after a CSRF rejection. */
  postJson<T>(path: string, schema: ZodType<T>, options: { token: string; body?: unknown }): Promise<T>;
  /**
   * `/ws/events?token=`: Central Command's change hints. The token has to travel in the URL (the
   * server reads no header there); never log this URL.
   */
  openEvents(token: string): WebSocket;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

interface SendOptions {
  method: 'get' | 'post';
  path: string;
  token?: string | null;
  query?: Record<string, string | number>;
  json?: unknown;
  etag?: string | null;
  /** For mutations: sent both as cookie and as X-CSRF-Token. */
  csrfToken?: string | null;
  /** Leave the CSRF cookie off, so the server hands out a fresh one. */
  withoutCsrfCookie?: boolean;
  /** Statuses >= 400 that are an expected answer rather than a failure. */
  accept?: (status: number) => boolean;
}

const RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504];

export function createApiClient(options: ApiClientOptions): ApiClient {
  const origin = normalizeServerOrigin(options.origin);
  assertTransportAllowed(origin, options.allowInsecureLoopback ?? false);
  assertUsableCaPem(options.caPem);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxRetryAfterMs = Math.round((options.maxRetryAfterSeconds ?? 30) * 1000);
  const log: Log = options.log ?? (() => {});
  const transport = createTransport({ caPem: options.caPem, timeoutMs, ...(options.proxy ? { proxy: options.proxy } : {}) });

  const getRetry: RetryOptions = {
    limit: options.retries ?? 2,
    methods: ['get'],
    statusCodes: RETRY_STATUS_CODES,
    afterStatusCodes: [413, 429, 503],
    maxRetryAfter: maxRetryAfterMs,
    backoffLimit: maxRetryAfterMs,
    // An untrusted certificate stays untrusted: retrying only delays the answer.
    shouldRetry: ({ error }) => (classifyNetworkFailure(error)?.kind === 'certificate' ? false : undefined),
  };

  const http = ky.create({
    fetch: transport.fetch,
    timeout: timeoutMs,
    retry: 0,
    headers: { accept: 'application/json', 'user-agent': options.userAgent ?? 'CentralConsole' },
    hooks: {
      beforeRetry: [
        ({ request, error, retryCount }) => {
          log('warn', 'Retrying a Central Command request', {
            method: request.method,
            endpoint: new URL(request.url).pathname,
            attempt: retryCount + 1,
            status: isHTTPError(error) ? error.response.status : null,
          });
        },
      ],
    },
  });

  const csrf = new CsrfToken(async () => {
    // Any GET without the cookie gets one; a 401 from /api/auth/me is enough.
    const response = await send({ method: 'get', path: '/api/auth/me', withoutCsrfCookie: true, accept: (status) => status < 500 });
    await response.body?.cancel();
    return readSetCookie(response.headers, 'csrf_token');
  });

  function contextFor(path: string): FailureContext {
    return { origin, endpoint: path.split('?', 1)[0] ?? path, timeoutMs };
  }

  function buildUrl(path: string, query: SendOptions['query']): URL {
    const url = new URL(path, `${origin}/`);
    // Only paths on this server: a token must never travel to another origin.
    if (!path.startsWith('/') || url.origin !== origin) {
      throw new ConsoleError('invalid-input', 'The console asked for an address outside Central Command.', { origin });
    }
    // A path the URL parser would reshape (dot segments, a query or fragment inside it) is a bug or an
    // attack: ids reach paths only through apiPath, and the query only through `query`.
    if (url.pathname !== path || url.search || url.hash) {
      throw new ConsoleError('invalid-input', 'The console built a request path that is not a plain path.', { path: url.pathname.slice(0, 200) });
    }
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, String(value));
    return url;
  }

  async function send(request: SendOptions): Promise<Response> {
    const url = buildUrl(request.path, request.query);
    const context = contextFor(url.pathname);
    const headers: Record<string, string> = {};
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    if (request.etag) headers['if-none-match'] = request.etag;
    const cookieToken = request.csrfToken !== undefined ? request.csrfToken : request.withoutCsrfCookie ? null : csrf.current;
    if (cookieToken) headers.cookie = `csrf_token=${cookieToken}`;
    if (request.csrfToken) headers['x-csrf-token'] = request.csrfToken;

    let response: Response;
    try {
      response = await http(url, {
        method: request.method,
        headers,
        json: request.json,
        retry: request.method === 'get' ? getRetry : 0,
        throwHttpErrors: (status) => status >= 400 && !(request.accept?.(status) ?? false),
      });
    } catch (error) {
      const failure = await normalizeFailure(error, context);
      log('warn', 'Central Command request failed', { method: request.method.toUpperCase(), endpoint: context.endpoint, code: failure.code, status: failure.details?.status ?? null });
      throw failure;
    }
    csrf.remember(readSetCookie(response.headers, 'csrf_token'));
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await response.body?.cancel();
      throw badResponse(context, `it answered with a redirect (HTTP ${response.status}); check the server address`, null);
    }
    return response;
  }

  async function normalizeFailure(error: unknown, context: FailureContext): Promise<ConsoleError> {
    if (error instanceof ConsoleError) return error;
    if (isHTTPError(error)) {
      csrf.remember(readSetCookie(error.response.headers, 'csrf_token'));
      return errorFromHttpStatus(error.response.status, error.data, error.response.headers, context);
    }
    const failure = classifyNetworkFailure(error);
    if (failure?.kind === 'certificate') {
      const probe = await probeServerCertificate(origin, { caPem: options.caPem, timeoutMs, ...(options.proxy ? { proxy: options.proxy } : {}) }).catch(() => null);
      return errorFromNetworkFailure(failure, context, probe);
    }
    if (failure) return errorFromNetworkFailure(failure, context, null);
    // Deliberately no `cause`: ky's errors hold the request, and with it the Authorization header.
    return new ConsoleError('internal', 'Something unexpected went wrong while talking to Central Command.', { origin, endpoint: context.endpoint });
  }

  async function readText(response: Response, context: FailureContext): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw await normalizeFailure(error, context);
    }
  }

  function parseJson<T>(text: string, schema: ZodType<T>, context: FailureContext): T {
    let value: unknown = null;
    if (text.trim() !== '') {
      try {
        value = JSON.parse(text);
      } catch {
        throw badResponse(context, 'the response is not valid JSON', null);
      }
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw badResponseFromZod(context, parsed.error, value);
    return parsed.data;
  }

  /** POST with the CSRF double-submit; one fresh token and one repeat after a CSRF 403. */
  async function mutate(path: string, token: string | null, json: unknown): Promise<Response> {
    const first = await csrf.ensure();
    try {
      return await send({ method: 'post', path, token, json, csrfToken: first });
    } catch (error) {
      if (!isConsoleError(error, 'csrf-failed')) throw error;
      log('warn', 'CSRF token rejected; fetching a fresh one and repeating once', { endpoint: contextFor(path).endpoint });
      const fresh = await csrf.refresh();
      return await send({ method: 'post', path, token, json, csrfToken: fresh });
    }
  }

  return {
    origin,

    async login(username, password) {
      const context = contextFor('/api/auth/login');
      // Central Command exempts the login from the CSRF check: there is no session to protect yet.
      const response = await send({ method: 'post', path: '/api/auth/login', json: { username, password } });
      const body = parseJson(await readText(response, context), LoginResponseSchema, context);
      return interpretSignIn('login', body, response.headers, context);
    },

    async verifyTotp(mfaToken, code) {
      const context = contextFor('/api/auth/verify-totp');
      const response = await mutate('/api/auth/verify-totp', null, { mfa_token: mfaToken, totp_code: code });
      const body = parseJson(await readText(response, context), LoginResponseSchema, context);
      const result = interpretSignIn('totp', body, response.headers, context);
      if (result.kind !== 'session') throw badResponse(context, 'it asked for another two-factor step', null);
      return result;
    },

    async me(token) {
      const context = contextFor('/api/auth/me');
      const response = await send({ method: 'get', path: '/api/auth/me', token });
      const text = await readText(response, context);
      // The OpenAPI document allows 200 + null: no valid session behind the token.
      if (text.trim() === 'null') throw errorFromHttpStatus(401, null, response.headers, context);
      return parseJson(text, MeResponseSchema, context);
    },

    async probe() {
      const response = await send({ method: 'get', path: '/api/auth/me', withoutCsrfCookie: true, accept: (status) => status < 500 });
      await response.body?.cancel();
    },

    async logout(token) {
      const context = contextFor('/api/auth/logout');
      try {
        // Exempt from CSRF; the held cookie rides along, which the server ignores.
        const response = await send({ method: 'post', path: '/api/auth/logout', token });
        return parseJson(await readText(response, context), LogoutResponseSchema, context);
      } catch (error) {
        if (isConsoleError(error, 'session-expired')) return { success: false };
        throw error;
      }
    },

    async getJson(path, schema, getOptions) {
      const response = await send({ method: 'get', path, token: getOptions.token, etag: getOptions.etag ?? null, query: getOptions.query });
      const context = contextFor(path);
      if (response.status === 304) {
        await response.body?.cancel();
        return { status: 304, etag: response.headers.get('etag') ?? getOptions.etag ?? null };
      }
      const body = await readText(response, context);
      return { status: 200, etag: response.headers.get('etag'), data: parseJson(body, schema, context), body };
    },

    async postJson(path, schema, postOptions) {
      const response = await mutate(path, postOptions.token, postOptions.body);
      const context = contextFor(path);
      return parseJson(await readText(response, context), schema, context);
    },

    openEvents(token) {
      const url = new URL('/ws/events', origin);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('token', token);
      return transport.openWebSocket(url.toString());
    },

    close: () => transport.close(),
  };
}
