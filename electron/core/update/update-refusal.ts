/** Why an update was refused; each has one sentence the log and the technician both read. */
export const REFUSAL_REASONS = [
  'insecure-feed',
  'feed-unavailable',
  'bad-signature',
  'malformed',
  'wrong-channel',
  'wrong-platform',
  'version-not-bound',
  'not-yet-valid',
  'expired',
  'validity-too-long',
  'replayed',
  'downgrade',
  'artifact-mismatch',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export class UpdateRefusedError extends Error {
  readonly reason: RefusalReason;

  constructor(reason: RefusalReason, message: string) {
    super(message);
    this.name = 'UpdateRefusedError';
    this.reason = reason;
  }
}

export function isUpdateRefused(value: unknown): value is UpdateRefusedError {
  return value instanceof UpdateRefusedError;
}
