import { z } from 'zod';

/**
 * A server timestamp. Central Command writes ISO-8601 with either `Z` or `+00:00` (and sometimes
 * microseconds); the parsed value is one canonical UTC form (`2026-05-17T10:00:00.123Z`) so
 * timestamps compare and sort as plain strings in the cache.
 */
export const TimestampSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** A timestamp the server may send as null (or leave out, where the reference marks it optional). */
export const NullableTimestampSchema = TimestampSchema.nullable();
