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

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Extra facts for the UI, e.g. retryAfterSeconds, fingerprint256, path. Never secrets. */
export type ErrorDetails = Record<string, string | number | boolean | null>;

/**
 * What an error looks like across the contract. Free of zod, like the rest of this file, so the
 * renderer can raise and read errors without the schemas; the trusted side parses it with
 * `shared/error-schema.ts`.
 */
export interface ConsoleErrorPayload {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

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

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
const isDetailValue = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** The payload if `value` is one (a known code, a message, flat details), else null: for answers read without the schemas. */
export function readErrorPayload(value: unknown): ConsoleErrorPayload | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message, details } = value as Record<string, unknown>;
  if (typeof code !== 'string' || !KNOWN_CODES.has(code) || typeof message !== 'string') return null;
  if (details === undefined) return { code: code as ErrorCode, message };
  if (typeof details !== 'object' || details === null || Array.isArray(details) || !Object.values(details).every(isDetailValue)) return null;
  return { code: code as ErrorCode, message, details: details as ErrorDetails };
}
