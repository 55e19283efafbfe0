import { z } from 'zod';

/**
 * What the renderer knows about updates: one state, read with `update:get` and pushed with
 * `update:changed`. Spread into the IPC contract (shared/ipc/contract.ts).
 */
export const UPDATE_PHASES = ['unsupported', 'idle', 'checking', 'up-to-date', 'available', 'downloading', 'ready', 'error'] as const;

export const UpdateStateSchema = z.strictObject({
  /**
   * unsupported: this shell has no updater (the web shell, a development build);
   * available → downloading → ready: a verified update is on its way; error: the last check or
   * download failed or was refused (`message` says why).
   */
  phase: z.enum(UPDATE_PHASES),
  currentVersion: z.string(),
  channel: z.string().nullable(),
  /** The verified update being offered (available, downloading, ready). */
  update: z
    .strictObject({
      version: z.string(),
      releaseDate: z.string(),
      releaseNotes: z.string().nullable(),
    })
    .nullable(),
  /** Download progress in percent (0-100) with bytes, while downloading. */
  progress: z.strictObject({ percent: z.number().min(0).max(100), transferred: z.number().int(), total: z.number().int() }).nullable(),
  /** Ready, but restarting now would interrupt work (e.g. a sync writing the local cache): why it waits. */
  restartBlockedBy: z.string().nullable(),
  /** A sentence for the technician: why updates are unsupported here, or what went wrong. */
  message: z.string().nullable(),
  /**
   * error: the update was refused as unsafe (bad signature, replay, downgrade, altered file…),
   * not merely unreachable. Only a refusal is worth interrupting the technician for.
   */
  refused: z.boolean(),
  lastCheckedAt: z.string().nullable(),
});
export type UpdateState = z.infer<typeof UpdateStateSchema>;

const NoInput = z.undefined();

export const updateChannels = {
  'update:get': { input: NoInput, output: UpdateStateSchema },
  /** Checks the feed now (also done on a timer); answers with the state after the check. */
  'update:check': { input: NoInput, output: UpdateStateSchema },
  /** The technician chose "Restart to update": refused while a sync writes or no verified update is ready. */
  'update:restart': { input: NoInput, output: UpdateStateSchema },
} as const;

export const updateEvents = {
  'update:changed': UpdateStateSchema,
} as const;

export type UpdateChannelName = keyof typeof updateChannels;
