import { createHash } from 'node:crypto';
import type { SimRequest, SimResponse } from './types.ts';

/**
 * etag_middleware.py: every GET answered with JSON (whatever its status) gets W/"md5(body)"; an exactly
 * equal If-None-Match turns it into a bodiless 304 that carries only the ETag.
 */
export function serializeBody(response: SimResponse): Buffer | null {
  if (response.text !== undefined) return Buffer.from(response.text);
  if (response.json !== undefined) return Buffer.from(JSON.stringify(response.json));
  return null;
}

export function applyEtag(request: SimRequest, response: SimResponse, body: Buffer | null): { response: SimResponse; body: Buffer | null } {
  if (request.method !== 'GET' || body === null || !isJson(response)) return { response, body };
  const etag = `W/"${createHash('md5').update(body).digest('hex')}"`;
  if (request.headers['if-none-match'] === etag) {
    return { response: { status: 304, headers: { ETag: etag }, cookies: [] }, body: null };
  }
  return { response: { ...response, headers: { ...response.headers, ETag: etag } }, body };
}

export function isJson(response: SimResponse): boolean {
  return (response.contentType ?? 'application/json').includes('application/json');
}
