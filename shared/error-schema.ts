import { z } from 'zod';
import { ERROR_CODES, type ConsoleErrorPayload, type ErrorDetails } from './errors.ts';

/** The error payload's schema, for the trusted side's strict parse of what crosses the contract. */
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export const ErrorDetailsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export const ConsoleErrorPayloadSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: ErrorDetailsSchema.optional(),
});

// The schema and the zod-free types in errors.ts describe the same thing, or this does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<z.infer<typeof ConsoleErrorPayloadSchema>, ConsoleErrorPayload> & Same<z.infer<typeof ErrorDetailsSchema>, ErrorDetails> = true;
void schemaMatchesTypes;
