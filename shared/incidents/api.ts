import { z } from 'zod';
import { NullableTimestampSchema, TimestampSchema } from '../api/timestamp.ts';

/**
 * `/api/dashboard/incidents` and `/api/dashboard/incidents/{id}` as Central Command sends them.
 * The list is a bare array parsed row by row (`parseIncidentPage`), so one malformed row is
 * rejected and reported while the rest of the page lands.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const RESOLUTION_LEVELS = ['L1', 'L2', 'L3'] as const;

// The server maps unknown severities to medium; a server that forgets to is read the same way.
const SeverityField = z.string().transform((value): Severity => ((SEVERITIES as readonly string[]).includes(value) ? (value as Severity) : 'medium'));
// Only L1-L3 are levels; the non-L tiers (manual, monitoring, recovered) arrive as null.
const LevelField = z
  .string()
  .nullable()
  .transform((value) => ((RESOLUTION_LEVELS as readonly string[]).includes(value ?? '') ? (value as (typeof RESOLUTION_LEVELS)[number]) : null));

export const IncidentRowSchema = z.object({
  // UUIDs compare case-insensitively; the cache keys them in lower case.
  id: z.string().min(1).max(200).transform((value) => value.toLowerCase()),
  site_id: z.string().min(1).max(200),
  hostname: z.string().nullable().optional(),
  check_type: z.string().max(500),
  severity: SeverityField,
  resolution_level: LevelField,
  resolved: z.boolean(),
  resolved_at: NullableTimestampSchema.optional(),
  hipaa_controls: z.array(z.string().max(200)).max(100),
  remediation_attempts: z.number().int().nonnegative(),
  remediation_exhausted: z.boolean(),
  created_at: TimestampSchema,
});
export type IncidentRow = z.output<typeof IncidentRowSchema>;

export const RemediationStepSchema = z.object({
  tier: z.string().nullable(),
  runbook_id: z.string().nullable(),
  result: z.string().nullable(),
  confidence: z.number().nullable(),
  timestamp: NullableTimestampSchema,
});

export const IncidentDetailSchema = IncidentRowSchema.extend({
  appliance_id: z.string().nullable().optional(),
  drift_data: z.unknown(),
  remediation_history: z.array(RemediationStepSchema.partial()).nullable().optional(),
});
export type IncidentDetail = z.output<typeof IncidentDetailSchema>;

/** The list page before its rows are read: any JSON array. */
export const IncidentPageSchema = z.array(z.unknown());

export interface RejectedRow {
  /** Position in the page. */
  index: number;
  /** The row's id when it had a readable one, so the report can name it. */
  id: string | null;
  problem: string;
}

/** Splits a page into the rows that parse and a report of those that do not. */
export function parseIncidentPage(rows: readonly unknown[]): { rows: IncidentRow[]; rejected: RejectedRow[] } {
  const valid: IncidentRow[] = [];
  const rejected: RejectedRow[] = [];
  rows.forEach((row, index) => {
    const parsed = IncidentRowSchema.safeParse(row);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    const id = typeof row === 'object' && row !== null && typeof (row as { id?: unknown }).id === 'string' ? (row as { id: string }).id.slice(0, 200) : null;
    const issue = parsed.error.issues[0];
    rejected.push({ index, id, problem: issue ? `${issue.path.join('.') || 'row'}: ${issue.message}` : 'unreadable row' });
  });
  return { rows: valid, rejected };
}
