import { z } from 'zod';

/**
 * The kinds of Central Command id that go into a request path. Ids are UUIDs, slugs with a hex
 * suffix (`alder-family-dental-3f9a1c`), appliance ids with a MAC (`…-84:3A:4B:0C:1D:2E`) and codes
 * like `RB-WIN-FIREWALL-001`: letters, digits, `-`, `_`, `:` and inner dots.
 */
export const RESOURCE_ID_KINDS = ['site', 'incident', 'ticket', 'pattern', 'rule', 'runbook', 'appliance'] as const;
export type ResourceIdKind = (typeof RESOURCE_ID_KINDS)[number];

export const RESOURCE_ID_MAX_LENGTH = 200;

/**
 * Starts with a letter or digit, so `.` and `..` (dot segments) can never match; `/`, `\`, `%`, `?`,
 * `#`, whitespace and every non-ASCII character are outside the set, so neither a raw nor an
 * encoded (`%2e`, `%2f`) separator can reach a URL.
 */
const RESOURCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** Why `id` cannot be a `kind` id, in words a technician understands; null when it can. */
export function resourceIdProblem(kind: ResourceIdKind, id: unknown): string | null {
  if (typeof id !== 'string' || id.length === 0) return `A ${kind} id is required.`;
  if (id.length > RESOURCE_ID_MAX_LENGTH) return `A ${kind} id is at most ${RESOURCE_ID_MAX_LENGTH} characters long.`;
  if (!RESOURCE_ID_PATTERN.test(id)) {
    const shown = JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id);
    return `${shown} is not a valid ${kind} id: ids start with a letter or digit and contain only letters, digits, ".", "-", "_" and ":".`;
  }
  return null;
}

/** The contract's schema for an id that will go into a request path. */
export function resourceIdSchema(kind: ResourceIdKind) {
  return z.string().superRefine((id, context) => {
    const problem = resourceIdProblem(kind, id);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
}
