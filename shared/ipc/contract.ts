import { z } from 'zod';
import { SessionStateSchema } from '../session/machine.ts';
import { ConsoleErrorPayloadSchema } from '../errors.ts';
import { updateChannels, updateEvents } from '../update/contract.ts';
import { deepLinkEvents } from '../deep-link/contract.ts';
import { resourceIdSchema } from '../api/resource-id.ts';

/**
 * The one IPC contract between the renderer and the trusted side (Electron main or the web shell).
 * Preload, main adapter, web-shell bridge and the renderer client all derive from these maps.
 * Output schemas are strict objects on purpose: parsing an output strips nothing silently and
 * rejects any field not declared here, so a secret cannot ride along by accident.
 */

const NoInput = z.undefined();
const IsoTime = z.string();

export const SessionUserSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const ServerSummarySchema = z.strictObject({
  origin: z.string(),
  caFilePath: z.string().nullable(),
});

export const SessionSnapshotSchema = z.strictObject({
  state: SessionStateSchema,
  /** Only meaningful while signed in or locked: can the console reach Central Command right now? */
  connectivity: z.enum(['online', 'offline']).nullable(),
  server: ServerSummarySchema.nullable(),
  user: SessionUserSchema.nullable(),
  /** A sentence for the technician, e.g. why the session ended. */
  notice: z.string().nullable(),
});
export type SessionSnapshot = z.infer<typeof SessionSnapshotSchema>;

export const SignInInputSchema = z.strictObject({
  serverUrl: z.string().min(1).max(2048),
  caFilePath: z.string().min(1).max(4096).nullable(),
  username: z.string().min(1).max(254),
  password: z.string().min(1).max(1024),
});
export type SignInInput = z.infer<typeof SignInInputSchema>;

/** Unlocking names no account: the locked session's own user is the only one that can unlock it. */
export const UnlockInputSchema = z.strictObject({
  password: z.string().min(1).max(1024),
});

export const IDLE_LOCK_MINUTES = { min: 1, max: 240, default: 15 } as const;
export const MAX_OFFLINE_DAYS = { min: 1, max: 90, default: 7 } as const;

/** Console-wide settings, kept by core; the renderer edits them through settings:set. */
export const SettingsSchema = z.strictObject({
  /** Minutes without keyboard or mouse activity before the console locks itself (HIPAA automatic logoff). */
  idleLockMinutes: z.number().int().min(IDLE_LOCK_MINUTES.min).max(IDLE_LOCK_MINUTES.max),
  /** Days after the last online sign-in during which the console may be unlocked offline. */
  maxOfflineDays: z.number().int().min(MAX_OFFLINE_DAYS.min).max(MAX_OFFLINE_DAYS.max),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const TotpInputSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{6,20}$/, 'a 6-digit code or a backup code'),
});

export const LIVE_STATUSES = ['online', 'stale', 'offline', 'pending', 'auth_failed'] as const;
export const LiveStatusSchema = z.enum(LIVE_STATUSES);
export type LiveStatus = z.infer<typeof LiveStatusSchema>;

export const FleetSiteSchema = z.strictObject({
  siteId: z.string(),
  clinicName: z.string(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  /** As the server computes it (`/api/sites` live_status); an unknown value is passed through. */
  liveStatus: z.string(),
  tier: z.string().nullable(),
  applianceCount: z.number().int(),
  /** From `/api/dashboard/fleet`; null until that endpoint has reported the site. */
  onlineCount: z.number().int().nullable(),
  healthOverall: z.number().nullable(),
  healthStatus: z.string().nullable(),
  incidents24h: z.number().int().nullable(),
  lastCheckin: IsoTime.nullable(),
});
export type FleetSite = z.infer<typeof FleetSiteSchema>;

export const FleetStatsSchema = z.strictObject({
  totalClients: z.number(),
  totalAppliances: z.number(),
  onlineAppliances: z.number(),
  avgComplianceScore: z.number(),
  avgConnectivityScore: z.number(),
  incidents24h: z.number(),
  incidents7d: z.number(),
  incidents30d: z.number(),
  l1ResolutionRate: z.number(),
  l2ResolutionRate: z.number(),
  l3EscalationRate: z.number(),
  computedAt: IsoTime.nullable(),
});
export type FleetStats = z.infer<typeof FleetStatsSchema>;

export const FLEET_SORT_KEYS = ['clinicName', 'liveStatus', 'healthOverall', 'applianceCount', 'lastCheckin', 'orgName'] as const;

export const FleetQuerySchema = z
  .strictObject({
    sortBy: z.enum(FLEET_SORT_KEYS).default('clinicName'),
    sortDir: z.enum(['asc', 'desc']).default('asc'),
    liveStatus: LiveStatusSchema.nullable().default(null),
    search: z.string().max(200).default(''),
    /** null: every org; '': sites that belong to no client org; otherwise that org's id. */
    orgId: z.string().max(200).nullable().default(null),
  })
  // An absent query is an empty one: each field's own default applies (zod's prefault parses {}).
  .prefault({});
export type FleetQuery = z.input<typeof FleetQuerySchema>;

export const FleetOverviewSchema = z.strictObject({
  sites: z.array(FleetSiteSchema),
  /** Sites in the cache before the query's filter. */
  totalSites: z.number().int(),
  stats: FleetStatsSchema.nullable(),
  syncedAt: IsoTime.nullable(),
});
export type FleetOverview = z.infer<typeof FleetOverviewSchema>;

export const SyncStatusSchema = z.strictObject({
  phase: z.enum(['idle', 'syncing', 'error', 'paused']),
  lastSyncedAt: IsoTime.nullable(),
  lastAttemptAt: IsoTime.nullable(),
  nextSyncAt: IsoTime.nullable(),
  intervalSeconds: z.number().int().positive(),
  /** Pages fetched so far in the running sync, and the pages known to be needed (may grow). */
  progress: z.strictObject({ done: z.number().int(), total: z.number().int(), step: z.string() }).nullable(),
  error: ConsoleErrorPayloadSchema.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const AppInfoSchema = z.strictObject({
  version: z.string(),
  shell: z.enum(['electron', 'web']),
  platform: z.string(),
  /** True where the shell can show a native file picker for the CA file. */
  canChooseFiles: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const FleetOrgSchema = z.strictObject({
  /** null for the sites that belong to no client org. */
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  siteCount: z.number().int(),
  /** Sites per live_status, as the server computed it. */
  statusCounts: z.record(z.string(), z.number().int()),
});
export type FleetOrg = z.infer<typeof FleetOrgSchema>;

export const ProfileSummarySchema = z.strictObject({
  id: z.string(),
  origin: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  lastSignedInAt: IsoTime,
  /** The profile the console is using now. */
  active: z.boolean(),
  /** A session token for it is in the keychain: switching to it shows its lock screen (the password, no new sign-in offline). */
  hasSession: z.boolean(),
});
export type ProfileSummary = z.infer<typeof ProfileSummarySchema>;
const ProfileListSchema = z.strictObject({ profiles: z.array(ProfileSummarySchema) });
const ProfileIdInput = z.strictObject({ profileId: z.string().min(1).max(100) });

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

/** The CA certificate a profile connects with, as Settings show it: SHA-256 of the pinned file and of each certificate in it. */
export const PinnedCaViewSchema = z.strictObject({ sha256: z.string(), fingerprints: z.array(z.string()) });
export type PinnedCaView = z.infer<typeof PinnedCaViewSchema>;

export const channels = {
  'app:info': { input: NoInput, output: AppInfoSchema },
  'session:get': { input: NoInput, output: SessionSnapshotSchema },
  'session:signIn': { input: SignInInputSchema, output: SessionSnapshotSchema },
  'session:verifyTotp': { input: TotpInputSchema, output: SessionSnapshotSchema },
  'session:cancelMfa': { input: NoInput, output: SessionSnapshotSchema },
  'session:signOut': { input: NoInput, output: SessionSnapshotSchema },
  /** The technician used keyboard or mouse: postpones the idle lock (sent at most about once a second). */
  'session:activity': { input: NoInput, output: z.strictObject({}) },
  /** Locks now: sync stops, the cache closes, the renderer drops what it shows. */
  'session:lock': { input: NoInput, output: SessionSnapshotSchema },
  /** Online: signs in again (may answer with the second step). Offline: checks the local verifier. */
  'session:unlock': { input: UnlockInputSchema, output: SessionSnapshotSchema },
  'settings:get': { input: NoInput, output: SettingsSchema },
  'settings:set': { input: SettingsSchema.partial().strict(), output: SettingsSchema },
  'fleet:overview': { input: FleetQuerySchema, output: FleetOverviewSchema },
  /** The client-org → site tree's nodes, counted in the cache. */
  'fleet:orgs': { input: NoInput, output: z.strictObject({ orgs: z.array(FleetOrgSchema) }) },
  'sync:status': { input: NoInput, output: SyncStatusSchema },
  'sync:now': { input: NoInput, output: SyncStatusSchema },
  'dialog:chooseCaFile': { input: NoInput, output: z.strictObject({ path: z.string().nullable() }) },
  /** Every Central Command server + account the console knows, each with its own keychain entries and cache. */
  'profiles:list': { input: NoInput, output: ProfileListSchema },
  /** Leaves the current profile (its session stays in the keychain) and resumes the chosen one. */
  'profiles:switch': { input: ProfileIdInput, output: SessionSnapshotSchema },
  /** Leaves the current profile (its session stays) for the sign-in form of another server or account. */
  'profiles:add': { input: NoInput, output: SessionSnapshotSchema },
  /** Deletes the profile's session, cache key and cache files; `confirm` must be true (the UI asks first). */
  'profiles:remove': { input: ProfileIdInput.extend({ confirm: z.literal(true) }), output: ProfileListSchema },
  /** Opening a site shows its cached copy at once and keeps it refreshed until it is closed. */
  'site:open': { input: SiteIdInput, output: SiteViewSchema },
  'site:close': { input: SiteIdInput, output: z.strictObject({ closed: z.boolean() }) },
  'site:refresh': { input: SiteIdInput, output: SiteViewSchema },
  'attention:list': { input: NoInput, output: AttentionViewSchema },
  ...updateChannels,
  /** The signed-in profile's pinned CA certificate (copied at sign-in); null with the system's CAs only or when not signed in. */
  'ca:pinned': { input: NoInput, output: z.strictObject({ pinned: PinnedCaViewSchema.nullable() }) },
  /** Pins another CA file for the signed-in profile; refused unless signed in and unless Central Command's certificate chains to it. */
  'ca:replace': { input: z.strictObject({ caFilePath: z.string().trim().min(1).max(4096) }), output: z.strictObject({ pinned: PinnedCaViewSchema }) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'session:changed': SessionSnapshotSchema,
  'sync:changed': SyncStatusSchema,
  'fleet:changed': z.strictObject({ syncedAt: IsoTime.nullable() }),
  'site:changed': SiteViewSchema,
  /** The idle lock is near (locksAt), or a warning shown earlier is withdrawn (null). */
  'session:idleWarning': z.strictObject({ locksAt: IsoTime.nullable() }),
  ...updateEvents,
  ...deepLinkEvents,
} as const satisfies Record<string, z.ZodType>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type EventName = keyof typeof events;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What the trusted side implements: one async function per channel. */
export type ChannelHandlers = { [C in ChannelName]: (input: ChannelParsedInput<C>) => Promise<ChannelOutput<C>> };

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

/** Every invoke answers with this envelope, so errors keep their code across any transport. */
export const IpcResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: ConsoleErrorPayloadSchema }),
]);
export type IpcResult = z.infer<typeof IpcResultSchema>;
