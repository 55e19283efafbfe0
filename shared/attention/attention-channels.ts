import { z } from 'zod';
import { IsoTime, NoInput, type ChannelMap, type EventMap } from '../ipc/channel-map.ts';

export const AttentionItemViewSchema = z.strictObject({
  type: z.string(),
  severity: z.string(),
  title: z.string(),
  siteId: z.string(),
  clinicName: z.string(),
  detail: z.string().nullable(),
  timestamp: IsoTime.nullable(),
  incidentId: z.string().nullable(),
});

export const AttentionViewSchema = z.strictObject({
  items: z.array(AttentionItemViewSchema),
  l3Count: z.number(),
  repeatCount: z.number(),
  offlineCount: z.number(),
  asOf: IsoTime.nullable(),
});
export type AttentionView = z.infer<typeof AttentionViewSchema>;

export const attentionChannels = {
  'attention:list': { input: NoInput, output: AttentionViewSchema },
} as const satisfies ChannelMap;

export const attentionEvents = {} as const satisfies EventMap;
