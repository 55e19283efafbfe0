import { z } from 'zod';
import { ConsoleErrorPayloadSchema } from '../error-schema.ts';
import { IsoTime, type ChannelMap, type EventMap } from '../ipc/channel-map.ts';
import { resourceIdSchema } from '../api/resource-id.ts';

/** Site ids go into request paths, so the contract refuses any that could reshape one. */
const SiteIdInput = z.strictObject({ siteId: resourceIdSchema('site') });

export const SiteApplianceViewSchema = z.strictObject({
  applianceId: z.string(),
  hostname: z.string(),
  displayName: z.string().nullable(),
  liveStatus: z.string(),
  agentVersion: z.string().nullable(),
  ipAddresses: z.array(z.string()),
  lastCheckin: IsoTime.nullable(),
  uptimeSeconds: z.number().nullable(),
  offlineSince: IsoTime.nullable(),
});
export type SiteApplianceView = z.infer<typeof SiteApplianceViewSchema>;

export const ComplianceHealthViewSchema = z.strictObject({
  overallScore: z.number().nullable(),
  /** Category → score (0-100) or null, as the server's breakdown reports it. */
  breakdown: z.array(z.strictObject({ category: z.string(), score: z.number().nullable() })),
  counts: z.strictObject({ passed: z.number(), failed: z.number(), warnings: z.number(), total: z.number() }),
  healing: z.strictObject({ total: z.number(), autoHealed: z.number(), pending: z.number() }),
});
export type ComplianceHealthView = z.infer<typeof ComplianceHealthViewSchema>;

export const SiteViewSchema = z.strictObject({
  siteId: z.string(),
  clinicName: z.string().nullable(),
  orgName: z.string().nullable(),
  liveStatus: z.string().nullable(),
  tier: z.string().nullable(),
  lastCheckin: IsoTime.nullable(),
  /**
   * The clinic's IANA time zone, from the US state in the site's address (Central Command has no
   * time-zone field); null when the address names none. Defaults for site pages cached before it existed.
   */
  clinicTimeZone: z.string().nullable().default(null),
  appliances: z.array(SiteApplianceViewSchema),
  compliance: ComplianceHealthViewSchema.nullable(),
  /** When the shown data was fetched from Central Command; null when nothing is cached yet. */
  asOf: IsoTime.nullable(),
  refreshing: z.boolean(),
  error: ConsoleErrorPayloadSchema.nullable(),
});
export type SiteView = z.infer<typeof SiteViewSchema>;

export const siteChannels = {
  /** Opening a site shows its cached copy at once and keeps it refreshed until it is closed. */
  'site:open': { input: SiteIdInput, output: SiteViewSchema },
  'site:close': { input: SiteIdInput, output: z.strictObject({ closed: z.boolean() }) },
  'site:refresh': { input: SiteIdInput, output: SiteViewSchema },
} as const satisfies ChannelMap;

export const siteEvents = {
  'site:changed': SiteViewSchema,
} as const satisfies EventMap;
