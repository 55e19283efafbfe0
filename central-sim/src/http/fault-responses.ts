import { STATUS_CODES } from 'node:http';
import { httpException, jsonResponse } from './errors.ts';
import type { Fault } from './faults.ts';
import { GENERAL_LIMIT_DETAIL } from './rate-limit.ts';
import type { SimResponse } from './types.ts';

/** The answer of a 'status' fault: the caller's body, or what the real stack would send for that status. */
export function statusFaultResponse(fault: Fault): SimResponse {
  const retryHeaders: Record<string, string> = fault.status === 429 || fault.status === 503 ? { 'Retry-After': String(fault.retryAfter) } : {};
  if (fault.body !== undefined) {
    return typeof fault.body === 'string'
      ? { status: fault.status, text: fault.body, contentType: 'text/plain; charset=utf-8', headers: retryHeaders, cookies: [] }
      : jsonResponse(fault.status, fault.body, retryHeaders);
  }
  if (fault.status === 429) return jsonResponse(429, { detail: GENERAL_LIMIT_DETAIL, retry_after: fault.retryAfter }, retryHeaders);
  if (fault.status === 401) return httpException(401, 'Invalid or expired token');
  if (fault.status === 500) return httpException(500, 'Internal server error');
  return { ...httpException(fault.status, STATUS_CODES[fault.status] ?? 'Error'), headers: retryHeaders };
}

/**
 * A 200 whose body a strict client must refuse: JSON cut in half, JSON missing the first field of each object,
 * or an array in which one row (only) has the wrong types.
 */
export function malformedResponse(fault: Fault, realBody: Buffer | null): { response: SimResponse; body: Buffer } {
  const base: SimResponse = { status: 200, headers: {}, cookies: [], contentType: 'application/json' };
  if (fault.body !== undefined) {
    return { response: base, body: Buffer.from(typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body)) };
  }
  const text = realBody?.toString('utf8') ?? '{"detail":[]}';
  if (fault.malformed === 'truncated') return { response: base, body: Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 2)))) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { response: base, body: Buffer.from('{') };
  }
  if (fault.malformed === 'bad-row') {
    if (!Array.isArray(value) || value.length === 0) return { response: base, body: Buffer.from(text) };
    const at = Math.min(fault.row ?? Math.floor(value.length / 2), value.length - 1);
    value[at] = wrongTypes(value[at]);
    return { response: base, body: Buffer.from(JSON.stringify(value)) };
  }
  const stripFirstField = (item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const [, ...rest] = Object.entries(item);
    return Object.fromEntries(rest);
  };
  const stripped = Array.isArray(value) ? value.map(stripFirstField) : stripFirstField(value);
  return { response: base, body: Buffer.from(JSON.stringify(stripped)) };
}

/** The object with its first field kept (so the row can be named) and every other value of another JSON type. */
function wrongTypes(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { broken: item };
  return Object.fromEntries(Object.entries(item).map(([key, value], index) => [key, index === 0 ? value : otherType(value)]));
}

function otherType(value: unknown): unknown {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null) return { unexpected: true };
  if (Array.isArray(value)) return value.join(',');
  return [value];
}
