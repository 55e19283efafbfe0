import { z } from 'zod';
import type { ClientFrame } from '#shared/ipc/ws-frames.ts';

/** Server-side validation of what a page may send (protocol in shared/ipc/ws-frames.ts). */
export const HelloFrameSchema = z.strictObject({ type: z.literal('hello'), secret: z.string().min(1).max(256) });

export const InvokeFrameSchema = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().min(1).max(100),
  input: z.unknown().optional(),
});

export const ClientFrameSchema = z.discriminatedUnion('type', [HelloFrameSchema, InvokeFrameSchema]) satisfies z.ZodType<ClientFrame>;

/** Parses one text frame; null for anything that is not valid JSON matching a client frame. */
export function parseClientFrame(data: string): ClientFrame | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = ClientFrameSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
