import type { DataKind } from '#shared/ipc/contract.ts';
import type { ApiClient } from '../api/client.ts';
import type { CacheClient } from '../cache/cache-client.ts';

/** What a /ws/events hint is about; each job names the topics that make it run early. */
export type HintTopic = 'site' | 'incident';

export interface SyncJobContext {
  api: ApiClient;
  token: string;
  cache: CacheClient;
  /** Pages done so far and known to be needed, under a step name; shown in the status bar while it runs. */
  onProgress(progress: { step: string; done: number; total: number }): void;
}

export interface SyncJobResult {
  /** When the data it wrote was current. */
  syncedAt: string;
  /** False when nothing a store shows changed (its syncedAt included): no `data:changed` then. Default true. */
  changed?: boolean;
  /** Logged with "<name> sync finished" (counts, never content). */
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * One kind's background sync, registered by its feature (CoreFeature.syncJobs): the loop runs every
 * job on its own cadence, backs it off when it fails, keeps its own entry in the sync status, runs it
 * early after hints on its topics, and announces `data:changed` for its kinds after each success.
 */
export interface SyncJob {
  /** Shown to the technician in the sync details and the progress ("fleet", "needs attention"). */
  name: string;
  /** What it writes: the kinds `data:changed` names after it ran. */
  kinds: readonly DataKind[];
  /** Seconds between runs; the loop's interval when omitted. */
  cadenceSeconds?: number;
  /** Waits after 1, 2, 3… failures in a row (seconds; the last one repeats). Default: the cadence doubled each time, up to 30 minutes. */
  backoffSeconds?: readonly number[];
  /** Hint topics that make it run soon (debounced in the loop). */
  hints?: readonly HintTopic[];
  run(context: SyncJobContext): Promise<SyncJobResult>;
}

const MAX_DEFAULT_BACKOFF_SECONDS = 30 * 60;

/** How long a job waits after `failures` failures in a row. */
export function backoffDelaySeconds(job: Pick<SyncJob, 'backoffSeconds'>, cadenceSeconds: number, failures: number): number {
  if (failures <= 0) return cadenceSeconds;
  const schedule = job.backoffSeconds;
  if (schedule && schedule.length > 0) return schedule[Math.min(failures, schedule.length) - 1]!;
  return Math.min(MAX_DEFAULT_BACKOFF_SECONDS, Math.max(cadenceSeconds, cadenceSeconds * 2 ** (failures - 1)));
}
