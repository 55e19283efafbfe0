import { z } from 'zod';

/**
 * Every failure the console can show a technician has one of these codes. Core raises
 * ConsoleError; the IPC layer carries its payload; the renderer shows `message` as is.
 */
export const ERROR_CODES = [
  'invalid-credentials',
  'account-locked',
  'account-disabled',
  'mfa-setup-required',
  'mfa-invalid',
  'mfa-expired',
  'rate-limited',
  'certificate-untrusted',
  'proxy-auth-required',
  'proxy-unsupported',
  'unreachable',
  'timeout',
  'insecure-url',
  'session-expired',
  'forbidden',
  'not-found',
  'conflict',
  'csrf-failed',
  'validation-failed',
  'server-error',
  'bad-response',
  'cache-wrong-key',
  'cache-corrupt',
  'cache-newer-version',
  'cache-missing',
  'keychain-unavailable',
  'offline-unlock-refused',
  'invalid-input',
  'invalid-state',
  'locked',
  'unsupported',
  'internal',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** Extra facts for the UI, e.g. retryAfterSeconds, fingerprint256, path. Never secrets. */
export const ErrorDetailsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type ErrorDetails = z.infer<typeof ErrorDetailsSchema>;

export const ConsoleErrorPayloadSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: ErrorDetailsSchema.optional(),
});
export type ConsoleErrorPayload = z.infer<typeof ConsoleErrorPayloadSchema>;

export class ConsoleError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConsoleError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ConsoleErrorPayload {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }

  static fromPayload(payload: ConsoleErrorPayload): ConsoleError {
    return new ConsoleError(payload.code, payload.message, payload.details);
  }
}

export function isConsoleError(value: unknown, code?: ErrorCode): value is ConsoleError {
  return value instanceof ConsoleError && (code === undefined || value.code === code);
}
