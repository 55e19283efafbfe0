/** What a control-API route answers, and the small helpers its route files share. */
export interface ControlAnswer {
  status: number;
  json: unknown;
}

export function ok(json: unknown): ControlAnswer {
  return { status: 200, json };
}

/** A field of a JSON object body (undefined when the body is not an object or lacks it). */
export function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}
