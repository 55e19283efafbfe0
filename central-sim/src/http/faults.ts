/**
 * Injected failures, set through the control API: the next `count` requests matching a path (exact, or a
 * prefix written with a trailing `*`) and optionally a method fail in the chosen way before the server sees them.
 */
export const FAULT_KINDS = ['status', 'hang', 'drop', 'malformed', 'latency'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  path: string;
  method: string | null;
  remaining: number;
  kind: FaultKind;
  /** kind 'status': the status to answer with (default 500). */
  status: number;
  /** kind 'status' / 'malformed': a body to send instead of the default. Strings are sent as-is. */
  body: unknown;
  /** kind 'status' with 429 or 503: the Retry-After seconds (default 1). */
  retryAfter: number;
  /** kind 'latency': answer normally after this delay. */
  delayMs: number;
  /**
   * kind 'malformed': cut the JSON short, send valid JSON that lacks fields, or (`bad-row`) keep the page valid
   * but one row of the array: its first field (the id) intact and every other value of the wrong type.
   */
  malformed: MalformedKind;
  /** kind 'malformed' with 'bad-row': which row of the array (default the middle one). */
  row: number | null;
}

export const MALFORMED_KINDS = ['truncated', 'missing-fields', 'bad-row'] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export class FaultRegistry {
  #faults: Fault[] = [];

  add(fault: Fault): void {
    this.#faults.push(fault);
  }

  clear(): void {
    this.#faults = [];
  }

  pending(): Fault[] {
    return this.#faults.map((fault) => ({ ...fault }));
  }

  /** Consumes one use of the first fault that matches, if any. */
  take(method: string, path: string): Fault | null {
    const fault = this.#faults.find((candidate) => matches(candidate, method, path));
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== null && fault.method !== method) return false;
  return fault.path.endsWith('*') ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
}

/** Validates a control-API request body into a Fault, or returns what is wrong with it. */
export function parseFault(input: unknown): Fault | string {
  if (typeof input !== 'object' || input === null) return 'body must be a JSON object';
  const spec = input as Record<string, unknown>;
  if (typeof spec.path !== 'string' || !spec.path.startsWith('/')) return 'path must be a string starting with /';
  if (!FAULT_KINDS.includes(spec.kind as FaultKind)) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  const count = spec.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 1) return 'count must be a positive integer';
  if (spec.method !== undefined && typeof spec.method !== 'string') return 'method must be a string';
  const status = spec.status ?? 500;
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) return 'status must be an integer 200-599';
  const retryAfter = spec.retryAfter ?? 1;
  if (!Number.isInteger(retryAfter) || (retryAfter as number) < 0) return 'retryAfter must be a non-negative integer';
  const delayMs = spec.delayMs ?? 0;
  if (typeof delayMs !== 'number' || delayMs < 0) return 'delayMs must be a non-negative number';
  const malformed = spec.malformed ?? 'truncated';
  if (!MALFORMED_KINDS.includes(malformed as MalformedKind)) return `malformed must be one of ${MALFORMED_KINDS.join(', ')}`;
  const row = spec.row ?? null;
  if (row !== null && (!Number.isInteger(row) || (row as number) < 0)) return 'row must be a non-negative integer';
  return {
    path: spec.path,
    method: typeof spec.method === 'string' ? spec.method.toUpperCase() : null,
    remaining: count as number,
    kind: spec.kind as FaultKind,
    status: status as number,
    body: spec.body,
    retryAfter: retryAfter as number,
    delayMs,
    malformed: malformed as MalformedKind,
    row: row as number | null,
  };
}
