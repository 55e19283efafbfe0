import { header, type SimRequest } from './types.ts';
import type { ValidationIssue } from './errors.ts';

/** FastAPI + Pydantic v2 request validation, reproduced for the parameter kinds the simulator's routes use. */

export type QuerySpec =
  | { name: string; kind: 'int'; default: number; ge?: number; le?: number }
  | { name: string; kind: 'string'; default: string | null; pattern?: string; minLength?: number; maxLength?: number }
  | { name: string; kind: 'bool'; default: boolean | null };

export type QueryValues = Record<string, number | string | boolean | null>;

/** Pydantic v2's lax str → bool: these words (any case), anything else is a bool_parsing error. */
const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

export function validateQuery(query: URLSearchParams, specs: readonly QuerySpec[]): { values: QueryValues; issues: ValidationIssue[] } {
  const values: QueryValues = {};
  const issues: ValidationIssue[] = [];
  for (const spec of specs) {
    // Starlette's QueryParams.get returns the last occurrence of a repeated parameter.
    const raw = query.getAll(spec.name).at(-1);
    if (raw === undefined) {
      values[spec.name] = spec.default;
      continue;
    }
    const loc = ['query', spec.name];
    if (spec.kind === 'bool') {
      const word = raw.toLowerCase();
      if (TRUE_WORDS.has(word)) values[spec.name] = true;
      else if (FALSE_WORDS.has(word)) values[spec.name] = false;
      else issues.push({ type: 'bool_parsing', loc, msg: 'Input should be a valid boolean, unable to interpret input', input: raw });
      continue;
    }
    if (spec.kind === 'int') {
      if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
        issues.push({ type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
        continue;
      }
      const value = Number.parseInt(raw.trim(), 10);
      if (spec.ge !== undefined && value < spec.ge) {
        issues.push({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${spec.ge}`, input: raw, ctx: { ge: spec.ge } });
      } else if (spec.le !== undefined && value > spec.le) {
        issues.push({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${spec.le}`, input: raw, ctx: { le: spec.le } });
      } else {
        values[spec.name] = value;
      }
      continue;
    }
    const length = [...raw].length;
    if (spec.minLength !== undefined && length < spec.minLength) {
      issues.push({ type: 'string_too_short', loc, msg: `String should have at least ${spec.minLength} character${spec.minLength === 1 ? '' : 's'}`, input: raw, ctx: { min_length: spec.minLength } });
    } else if (spec.maxLength !== undefined && length > spec.maxLength) {
      issues.push({ type: 'string_too_long', loc, msg: `String should have at most ${spec.maxLength} character${spec.maxLength === 1 ? '' : 's'}`, input: raw, ctx: { max_length: spec.maxLength } });
    } else if (spec.pattern !== undefined && !new RegExp(spec.pattern, 'u').test(raw)) {
      issues.push({ type: 'string_pattern_mismatch', loc, msg: `String should match pattern '${spec.pattern}'`, input: raw, ctx: { pattern: spec.pattern } });
    } else {
      values[spec.name] = raw;
    }
  }
  return { values, issues };
}

/**
 * A JSON body validated against a model of required string fields. FastAPI parses JSON only when the
 * content type is absent or application/json (or +json); any other body reaches the model as text.
 */
export function validateStringModel<K extends string>(request: SimRequest, fields: readonly K[]): { values: Record<K, string> | null; issues: ValidationIssue[] } {
  if (request.body.length === 0) return { values: null, issues: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] };
  const contentType = header(request, 'content-type');
  let body: unknown = request.body.toString('utf8');
  if (!contentType || /^application\/(json|[^;]*\+json)\s*(;|$)/i.test(contentType.trim())) {
    try {
      body = JSON.parse(body as string);
    } catch (error) {
      const position = /position (\d+)/.exec(String(error))?.[1];
      return { values: null, issues: [{ type: 'json_invalid', loc: ['body', Number(position ?? 0)], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }] };
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { values: null, issues: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }] };
  }
  const record = body as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const values = {} as Record<K, string>;
  for (const field of fields) {
    if (!(field in record)) issues.push({ type: 'missing', loc: ['body', field], msg: 'Field required', input: record });
    else if (typeof record[field] !== 'string') issues.push({ type: 'string_type', loc: ['body', field], msg: 'Input should be a valid string', input: record[field] });
    else values[field] = record[field] as string;
  }
  return { values: issues.length === 0 ? values : null, issues };
}
