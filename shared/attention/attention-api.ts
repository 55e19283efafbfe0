import { z } from 'zod';
import { NullableTimestampSchema } from '../api/timestamp.ts';

/**
 * The fleet's "needs attention" list, fetched with every fleet sync. Same rules as the fleet's API
 * schemas (shared/fleet/fleet-api.ts): extra fields tolerated, missing or mistyped ones rejected.
 */
const Count = z.number().int().nonnegative();

/** `GET /api/dashboard/attention-required`. */
export const AttentionItemSchema = z.object({
  type: z.string(),
  severity: z.string(),
  title: z.string(),
  site_id: z.string(),
  clinic_name: z.string(),
  detail: z.string().nullable(),
  timestamp: NullableTimestampSchema,
  incident_id: z.string().nullable(),
});
export type AttentionItem = z.infer<typeof AttentionItemSchema>;

export const AttentionRequiredSchema = z.object({
  count: Count,
  l3_count: Count,
  repeat_count: Count,
  offline_count: Count,
  items: z.array(AttentionItemSchema),
});
export type AttentionRequired = z.infer<typeof AttentionRequiredSchema>;
