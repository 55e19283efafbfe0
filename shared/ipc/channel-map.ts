import { z } from 'zod';

/**
 * The building blocks of a feature's part of the contract. Each feature declares its channels and
 * events as maps of this shape; `shared/ipc/contract.ts` spreads them into the one contract.
 */
export type ChannelMap = Record<string, { input: z.ZodType; output: z.ZodType }>;
export type EventMap = Record<string, z.ZodType>;

export const NoInput = z.undefined();
export const IsoTime = z.string();
