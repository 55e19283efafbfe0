import { z } from 'zod';
import { SessionStateSchema } from '../session/machine.ts';
import { ConsoleErrorPayloadSchema } from '../error-schema.ts';
import { IsoTime, NoInput, type ChannelMap, type EventMap } from './channel-map.ts';
import { featureChannels, featureEvents } from './features.ts';
import { IDLE_LOCK_MINUTES, MAX_OFFLINE_DAYS, TOTP_CODE_PATTERN } from './console-limits.ts';

/**
 * The one IPC contract between the renderer and the trusted side (Electron main or the web shell).
 * Preload, main adapter, web-shell bridge and the renderer client all derive from these maps.
 * The console's own channels (session, settings, profiles) are declared here; each feature
 * declares its channels and events in its own folder (`shared/<kind>/`) and is listed once in
 * `shared/ipc/features.ts`, from where they are joined in below.
 * Output schemas are strict objects on purpose: parsing an output strips nothing silently and
 * rejects any field not declared here, so a secret cannot ride along by accident.
 */

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

export { IDLE_LOCK_MINUTES, MAX_OFFLINE_DAYS, TOTP_CODE_PATTERN } from './console-limits.ts';

/** Console-wide settings, kept by core; the renderer edits them through settings:set. */
export const SettingsSchema = z.strictObject({
  /** Minutes without keyboard or mouse activity before the console locks itself (HIPAA automatic logoff). */
  idleLockMinutes: z.number().int().min(IDLE_LOCK_MINUTES.min).max(IDLE_LOCK_MINUTES.max),
  /** Days after the last online sign-in during which the console may be unlocked offline. */
  maxOfflineDays: z.number().int().min(MAX_OFFLINE_DAYS.min).max(MAX_OFFLINE_DAYS.max),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const TotpInputSchema = z.strictObject({
  code: z.string().regex(TOTP_CODE_PATTERN, 'a 6-digit code or a backup code'),
});

export const AppInfoSchema = z.strictObject({
  version: z.string(),
  shell: z.enum(['electron', 'web']),
  platform: z.string(),
  /** True where the shell can show a native file picker for the CA file. */
  canChooseFiles: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

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

/** The CA certificate a profile connects with, as Settings show it: SHA-256 of the pinned file and of each certificate in it. */
export const PinnedCaViewSchema = z.strictObject({ sha256: z.string(), fingerprints: z.array(z.string()) });
export type PinnedCaView = z.infer<typeof PinnedCaViewSchema>;
const ProfileIdInput = z.strictObject({ profileId: z.string().min(1).max(100) });

/** The console's own channels: the session, settings, profiles and the CA pin. */
export const consoleChannels = {
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
  'dialog:chooseCaFile': { input: NoInput, output: z.strictObject({ path: z.string().nullable() }) },
  /** Every Central Command server + account the console knows, each with its own keychain entries and cache. */
  'profiles:list': { input: NoInput, output: ProfileListSchema },
  /** Leaves the current profile (its session stays in the keychain) and resumes the chosen one. */
  'profiles:switch': { input: ProfileIdInput, output: SessionSnapshotSchema },
  /** Leaves the current profile (its session stays) for the sign-in form of another server or account. */
  'profiles:add': { input: NoInput, output: SessionSnapshotSchema },
  /** Deletes the profile's session, cache key and cache files; `confirm` must be true (the UI asks first). */
  'profiles:remove': { input: ProfileIdInput.extend({ confirm: z.literal(true) }), output: ProfileListSchema },
  /** The signed-in profile's pinned CA certificate (copied at sign-in); null with the system's CAs only or when not signed in. */
  'ca:pinned': { input: NoInput, output: z.strictObject({ pinned: PinnedCaViewSchema.nullable() }) },
  /** Pins another CA file for the signed-in profile; refused unless signed in and unless Central Command's certificate chains to it. */
  'ca:replace': { input: z.strictObject({ caFilePath: z.string().trim().min(1).max(4096) }), output: z.strictObject({ pinned: PinnedCaViewSchema }) },
} as const satisfies ChannelMap;

/** What a sync or a change hint can change in the cache; a store says which kinds it reloads on. */
export const DATA_KINDS = ['fleet', 'attention', 'incidents'] as const;
export const DataKindSchema = z.enum(DATA_KINDS);
export type DataKind = z.infer<typeof DataKindSchema>;

export const consoleEvents = {
  'session:changed': SessionSnapshotSchema,
  /**
   * A hint, not data: the cached kinds listed changed (a sync wrote them, or a detail arrived);
   * every store showing one of them asks again for what it shows.
   */
  'data:changed': z.strictObject({ kinds: z.array(DataKindSchema).min(1), syncedAt: IsoTime.nullable() }),
  /** The idle lock is near (locksAt), or a warning shown earlier is withdrawn (null). */
  'session:idleWarning': z.strictObject({ locksAt: IsoTime.nullable() }),
} as const satisfies EventMap;

export const channels = { ...consoleChannels, ...featureChannels } satisfies ChannelMap;
export const events = { ...consoleEvents, ...featureEvents } satisfies EventMap;

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

/** What one feature implements: the handlers of its own channels (its channel map's names). */
export type FeatureHandlers<Map extends ChannelMap> = Pick<ChannelHandlers, keyof Map & ChannelName>;
