import type { SimResponse } from './types.ts';

/** The error bodies of the real server, each in the shape of the handler that produces it (they differ). */

export function jsonResponse(status: number, json: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, json, headers, cookies: [] };
}

/** Any `raise HTTPException` goes through the global handler: {"error": detail, "status_code": n}, headers dropped. */
export function httpException(status: number, detail: unknown): SimResponse {
  return jsonResponse(status, { error: detail, status_code: status });
}

/** Starlette's own errors (unknown route, wrong method) bypass that handler: {"detail": "..."}. */
export function starletteError(status: 404 | 405, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(status, { detail: status === 404 ? 'Not Found' : 'Method Not Allowed' }, headers);
}

export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export function validationError(issues: ValidationIssue[]): SimResponse {
  return jsonResponse(422, { detail: issues });
}

export function internalServerError(): SimResponse {
  return httpException(500, 'Internal server error');
}

/** Thrown from deep inside a handler (e.g. the auth dependency) to answer with `response`. */
export class HttpError extends Error {
  readonly response: SimResponse;

  constructor(response: SimResponse) {
    super(`HTTP ${response.status}`);
    this.response = response;
  }
}
