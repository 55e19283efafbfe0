/**
 * The bounds the console's own inputs are held to, free of zod so the renderer's forms can check
 * them without the schemas; `contract.ts` builds the schemas from the same values.
 */
export const IDLE_LOCK_MINUTES = { min: 1, max: 240, default: 15 } as const;
export const MAX_OFFLINE_DAYS = { min: 1, max: 90, default: 7 } as const;
/** A 6-digit code from the authenticator app, or a backup code. */
export const TOTP_CODE_PATTERN = /^[A-Za-z0-9-]{6,20}$/;
