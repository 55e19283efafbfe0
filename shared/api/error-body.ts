import { z } from 'zod';

/**
 * The error bodies Central Command sends. Every field is optional because one
 * body carries only some of them:
 *  - HTTPException handler: `{"error": "text" | {object}, "status_code": 404}`
 *  - FastAPI validation:    `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`
 *  - CSRF middleware:       `{"detail": "CSRF validation failed. ..."}`
 *  - rate limiter:          `{"detail": "...", "retry_after": 30}` (+ `Retry-After` header)
 *  - some handlers:         `{"status": "error", "message": "..."}`
 */
export const ValidationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  type: z.string().optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

const NestedErrorSchema = z.record(z.string(), z.unknown());

export const ErrorBodySchema = z.object({
  detail: z.union([z.string(), z.array(z.unknown()), NestedErrorSchema, z.null()]).optional(),
  error: z.union([z.string(), NestedErrorSchema, z.null()]).optional(),
  message: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  status_code: z.number().int().optional(),
  retry_after: z.number().nonnegative().optional(),
});
