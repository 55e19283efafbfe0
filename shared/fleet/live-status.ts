/** The live statuses `/api/sites` computes for a site; free of zod so the renderer can list them without the schemas. */
export const LIVE_STATUSES = ['online', 'stale', 'offline', 'pending', 'auth_failed'] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];
