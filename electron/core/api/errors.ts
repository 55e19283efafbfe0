import type { z } from 'zod';
import { ConsoleError, type ErrorDetails } from '#shared/errors.ts';
import { ErrorBodySchema, ValidationIssueSchema } from '#shared/api/error-body.ts';
import type { CertificateProbe } from './certificate-probe.ts';
import { describeCertificateReason, type NetworkFailure } from './network-failure.ts';

/**
 * Every failure of a Central Command call becomes a ConsoleError with a sentence a technician can
 * act on. Messages and details carry the origin and the endpoint path, never tokens, passwords or
 * query strings.
 */
export interface FailureContext {
  origin: string;
  /** Path of the request without its query, e.g. /api/sites. */
  endpoint: string;
  timeoutMs: number;
}

const SESSION_ENDED = 'Your session with Central Command has ended. Sign in again.';
const MAX_SERVER_TEXT = 300;

export function errorFromNetworkFailure(failure: NetworkFailure, context: FailureContext, probe: CertificateProbe | null): ConsoleError {
  switch (failure.kind) {
    case 'timeout':
      return new ConsoleError('timeout', `Central Command at ${context.origin} did not answer within ${formatSeconds(context.timeoutMs)}. Try again later.`, {
        origin: context.origin,
        endpoint: context.endpoint,
        timeoutMs: context.timeoutMs,
      });
    case 'unreachable':
      return new ConsoleError(
        'unreachable',
        `Central Command at ${context.origin} cannot be reached: ${failure.reason}. Check the server address and your network connection.`,
        { origin: context.origin, endpoint: context.endpoint, reason: failure.reason },
      );
    case 'certificate':
      return certificateUntrusted(context.origin, failure.reasonCode, probe);
    case 'proxy-auth':
      return new ConsoleError(
        'proxy-auth-required',
        `The proxy between this computer and Central Command at ${context.origin} asks for credentials (HTTP 407), and the console has none to give it. Ask your IT team to let the console through, or put the proxy's user name and password in its address (HTTPS_PROXY=http://user:password@proxy:port).`,
        { origin: context.origin, endpoint: context.endpoint },
      );
    case 'proxy':
      return new ConsoleError(
        'unreachable',
        `Central Command at ${context.origin} cannot be reached through this computer's proxy: ${failure.reason}. Check the proxy settings or ask your IT team.`,
        { origin: context.origin, endpoint: context.endpoint, reason: failure.reason },
      );
  }
}

function certificateUntrusted(origin: string, reasonCode: string, probe: CertificateProbe | null): ConsoleError {
  const reason = describeCertificateReason(reasonCode);
  const certificate = probe?.certificate ?? null;
  const details: ErrorDetails = { origin, reason, reasonCode };
  if (!certificate) {
    return new ConsoleError(
      'certificate-untrusted',
      `Central Command at ${origin} presented a certificate this computer does not trust (${reason}). Ask your administrator for the server's CA certificate file and choose it for this server.`,
      details,
    );
  }
  Object.assign(details, {
    fingerprint256: certificate.fingerprint256,
    subject: certificate.subject,
    issuer: certificate.issuer,
    validFrom: certificate.validFrom,
    validTo: certificate.validTo,
  });
  return new ConsoleError(
    'certificate-untrusted',
    `Central Command at ${origin} presented a certificate this computer does not trust (${reason}). ` +
      `Compare its SHA-256 fingerprint ${certificate.fingerprint256} with the one your administrator gives you; ` +
      `if they match, choose the server's CA certificate file for this server.`,
    details,
  );
}

/** An HTTP status >= 400 with whatever body came along (parsed JSON, text or undefined). */
export function errorFromHttpStatus(status: number, body: unknown, headers: Headers, context: FailureContext): ConsoleError {
  const server = readServerText(body);
  const details: ErrorDetails = { origin: context.origin, endpoint: context.endpoint, status };
  if (server.code) details.serverCode = server.code;
  if (server.text) details.serverMessage = server.text;
  const say = (sentence: string): string => withServerText(sentence, server.text);

  if (status === 401) return new ConsoleError('session-expired', SESSION_ENDED, details);
  if (status === 403 && isCsrfRejection(server.text)) {
    return new ConsoleError(
      'csrf-failed',
      'Central Command refused the request because its CSRF security token did not match. Try again; if it keeps happening, sign in again.',
      details,
    );
  }
  if (status === 403) return new ConsoleError('forbidden', say('Your account is not allowed to do this'), details);
  if (status === 404) return new ConsoleError('not-found', say('Central Command has no such item, or your account cannot see it'), details);
  if (status === 409) return new ConsoleError('conflict', say('Central Command reports a conflict'), details);
  if (status === 422) return new ConsoleError('validation-failed', say('Central Command rejected the request'), details);
  if (status === 429) {
    const retryAfterSeconds = readRetryAfterSeconds(headers, body);
    if (retryAfterSeconds !== null) details.retryAfterSeconds = retryAfterSeconds;
    const when = retryAfterSeconds !== null ? `in ${retryAfterSeconds} s` : 'in a moment';
    return new ConsoleError('rate-limited', `Too many attempts. Try again ${when}.`, details);
  }
  if (status >= 500) {
    const what = server.text ? `HTTP ${status}: ${server.text}` : `HTTP ${status}`;
    return new ConsoleError('server-error', `Central Command had a problem answering (${what}). Try again later.`, details);
  }
  // 400 and the rarer 4xx: the server refused the request in its current state ("Incident already resolved").
  return new ConsoleError('invalid-state', say(`Central Command refused the request (HTTP ${status})`), details);
}

export function badResponse(context: FailureContext, problem: string, fieldPath: string | null): ConsoleError {
  const details: ErrorDetails = { origin: context.origin, endpoint: context.endpoint, problem };
  if (fieldPath !== null) details.path = fieldPath;
  const where = fieldPath ? `${fieldPath}: ${problem}` : problem;
  return new ConsoleError('bad-response', `Central Command sent data the console does not understand (${where}).`, details);
}

/** The first zod issue as "sites.3.live_status" + "expected string" (or "is missing"). */
export function badResponseFromZod(context: FailureContext, error: z.ZodError, data: unknown, pathPrefix: readonly string[] = []): ConsoleError {
  const issue = error.issues[0];
  if (!issue) return badResponse(context, 'it does not match what the console expects', null);
  const fieldPath = [...pathPrefix, ...issue.path.map(String)].join('.');
  let problem: string;
  if (issue.code === 'invalid_type') {
    problem = issue.path.length > 0 && valueAt(data, issue.path) === undefined ? `expected ${issue.expected}, but it is missing` : `expected ${issue.expected}`;
  } else {
    problem = issue.message;
  }
  return badResponse(context, problem, fieldPath === '' ? '(top level)' : fieldPath);
}

function isCsrfRejection(serverText: string | null): boolean {
  return serverText !== null && /csrf/i.test(serverText);
}

/**
 * The server's own words, read as `detail ?? error ?? message`: `detail` may be a string, a 422
 * list (first `loc` + `msg`) or an object; `error` may be an object such as
 * `{"error":"phantom_site_rollout","message":"…"}`, whose short code is kept separately.
 */
function readServerText(body: unknown): { text: string | null; code: string | null } {
  const value = typeof body === 'string' ? (tryParseJson(body) ?? body) : body;
  if (typeof value === 'string') {
    // A proxy's HTML error page says nothing a technician can use.
    return { text: value.trim() !== '' && !value.trimStart().startsWith('<') ? clean(value) : null, code: null };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { text: null, code: null };
  // Field by field rather than one schema parse, so one odd field does not hide the others.
  const record = value as Record<string, unknown>;
  for (const candidate of [record.detail, record.error, record.message]) {
    const read = readCandidate(candidate);
    if (read.text || read.code) return read;
  }
  return { text: null, code: null };
}

function readCandidate(value: unknown): { text: string | null; code: string | null } {
  if (typeof value === 'string') return { text: clean(value), code: null };
  if (Array.isArray(value)) {
    const first = ValidationIssueSchema.safeParse(value[0]);
    if (first.success) {
      const location = first.data.loc.filter((part) => part !== 'body').join('.');
      return { text: clean(location ? `${location}: ${first.data.msg}` : first.data.msg), code: null };
    }
    return { text: null, code: null };
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const text = [record.message, record.detail, record.error].find((part): part is string => typeof part === 'string');
    const code = [record.error, record.status].find((part): part is string => typeof part === 'string' && /^[a-z0-9_]+$/.test(part));
    return { text: text ? clean(text) : null, code: code ?? null };
  }
  return { text: null, code: null };
}

/** Seconds from `Retry-After` (delta or HTTP date) or the body's `retry_after`. */
function readRetryAfterSeconds(headers: Headers, body: unknown): number | null {
  const header = headers.get('retry-after');
  if (header !== null && header.trim() !== '') {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  const parsed = ErrorBodySchema.pick({ retry_after: true }).safeParse(typeof body === 'string' ? tryParseJson(body) : body);
  if (parsed.success && parsed.data.retry_after !== undefined) return Math.ceil(parsed.data.retry_after);
  return null;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  const single = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return single.length > MAX_SERVER_TEXT ? `${single.slice(0, MAX_SERVER_TEXT - 1)}…` : single;
}

function withServerText(sentence: string, serverText: string | null): string {
  if (!serverText) return `${sentence}.`;
  return /[.!?…]$/.test(serverText) ? `${sentence}: ${serverText}` : `${sentence}: ${serverText}.`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
