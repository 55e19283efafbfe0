import type { IncomingHttpHeaders } from 'node:http';

/** A request as the simulator's handlers see it (body fully read, cookies parsed). */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  cookies: Map<string, string>;
  body: Buffer;
  clientIp: string;
  /** Path parameters of the matched route (`{site_id}` → `site_id`), decoded. */
  params?: Record<string, string>;
}

/** A response before it is written: either a JSON value or raw text (for malformed-body faults and CORS). */
export interface SimResponse {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers: Record<string, string>;
  cookies: string[];
}

export function header(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
