/*
 * What a log line may hold, decided here and nowhere else: a sentence and a few allow-listed
 * fields, each of a known kind. A field outside the list is dropped (its name is kept so a missing
 * fact can be noticed); free text is cut short and scrubbed of anything shaped like a secret; a
 * value that is not a scalar is dropped. So a caller that passes a response body, a record or an
 * error object by mistake writes nothing of it.
 */

export type LogLevel = 'info' | 'warn' | 'error';

type FieldKind = 'identifier' | 'count' | 'flag' | 'method' | 'endpoint' | 'text' | 'filePath';

const FIELD_KINDS: Record<string, FieldKind> = {
  code: 'identifier',
  channel: 'identifier',
  permission: 'identifier',
  profileId: 'identifier',
  state: 'identifier',
  connectivity: 'identifier',
  phase: 'identifier',
  kind: 'identifier',
  status: 'count',
  attempt: 'count',
  requests: 'count',
  notModified: 'count',
  sites: 'count',
  webContentsId: 'count',
  retryAfterSeconds: 'count',
  changed: 'flag',
  method: 'method',
  endpoint: 'endpoint',
  url: 'endpoint',
  reason: 'text',
  error: 'text',
  movedTo: 'filePath',
  executable: 'filePath',
};

/** Longest free text kept; enough for a cause, too short for a body. */
const MAX_TEXT = 200;
const MAX_IDENTIFIER = 64;

export interface LogRecord {
  time: string;
  level: LogLevel;
  message: string;
  [field: string]: unknown;
}

export function toLogRecord(level: LogLevel, message: string, fields: Record<string, unknown> | undefined, now: Date = new Date()): LogRecord {
  const record: LogRecord = { time: now.toISOString(), level, message: scrubText(message) };
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(fields ?? {})) {
    const kind = Object.hasOwn(FIELD_KINDS, name) ? FIELD_KINDS[name] : undefined;
    const kept = kind === undefined ? undefined : keepValue(kind, value);
    if (kept === undefined) dropped.push(/^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(name) ? name : '(unnamed)');
    else record[name] = kept;
  }
  if (dropped.length > 0) record.droppedFields = dropped;
  return record;
}

function keepValue(kind: FieldKind, value: unknown): unknown {
  if (value === null) return null;
  switch (kind) {
    case 'count':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'flag':
      return typeof value === 'boolean' ? value : undefined;
    case 'identifier':
      return typeof value === 'string' && value.length <= MAX_IDENTIFIER && /^[A-Za-z0-9_.:-]+$/.test(value) && !looksSecret(value) ? value : undefined;
    case 'method':
      return typeof value === 'string' && /^[A-Za-z]{3,7}$/.test(value) ? value.toUpperCase() : undefined;
    case 'endpoint':
      return typeof value === 'string' ? endpointOnly(value) : undefined;
    case 'filePath':
      return typeof value === 'string' ? scrubText(value, 400) : undefined;
    case 'text':
      return typeof value === 'string' ? scrubText(value) : undefined;
  }
}

/** Scheme, host and path: a query (`?token=`) or fragment never reaches the log. */
export function endpointOnly(value: string): string {
  const withoutQuery = value.split(/[?#]/, 1)[0] ?? '';
  return scrubText(withoutQuery, 300);
}

const SECRET_SHAPES: readonly RegExp[] = [
  // An Authorization header's value, whatever follows the scheme.
  /\b(bearer|basic)\s+\S+/gi,
  // name=value pairs whose name says secret (query strings, cookies, form bodies).
  /\b([\w-]*(token|password|passwd|secret|key|cookie|session)[\w-]*)\s*[=:]\s*\S+/gi,
  // Long hex runs: keys, key shares, hashes of them (32+: a profile's 24-digit id stays readable).
  /\b[0-9a-f]{32,}\b/gi,
  // Long base64url-like runs: session tokens, MFA tokens, JWT parts.
  /[A-Za-z0-9+_=-]{24,}/g,
];

/**
 * Free text as the log keeps it: quoted material removed (parsers and servers quote the input they
 * choke on, as Node's JSON.parse does, or a 422 its rejected value), anything shaped like a secret
 * replaced, whitespace collapsed, and cut to a bounded length.
 */
export function scrubText(text: string, max = MAX_TEXT): string {
  let scrubbed = text
    .replace(/"[^"]*"|“[^”]*”|(?<![A-Za-z])'[^']*'|`[^`]*`/g, '"…"')
    .replace(SECRET_SHAPES[0]!, '$1 [redacted]')
    .replace(SECRET_SHAPES[1]!, '$1=[redacted]')
    .replace(SECRET_SHAPES[2]!, '[redacted]')
    .replace(SECRET_SHAPES[3]!, (run) => (isTokenLike(run) ? '[redacted]' : run))
    .replace(/\s+/g, ' ')
    .trim();
  if (scrubbed.length > max) scrubbed = `${scrubbed.slice(0, max - 1)}…`;
  return scrubbed;
}

/** Random tokens mix cases and digits; words, ids and uuids (lowercase hex) do not. */
function isTokenLike(run: string): boolean {
  return /\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run);
}

function looksSecret(value: string): boolean {
  return scrubText(value, Number.MAX_SAFE_INTEGER) !== value;
}
