import { isConsoleError, type ConsoleErrorPayload, ConsoleError } from '#shared/errors.ts';
import type { SyncJobStatus, SyncStatus } from '#shared/fleet/index.ts';
import type { DataKind } from '#shared/ipc/contract.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { isOfflineError, type ActiveSession, type SessionController } from '../session/session-controller.ts';
import type { Log } from '../log.ts';
import { backoffDelaySeconds, type HintTopic, type SyncJob } from './sync-job.ts';

export interface SyncLoopOptions {
  /** The default cadence of a job, and how often an offline console checks whether Central Command is back. */
  intervalSeconds: number;
  session: SessionController;
  onStatus: (status: SyncStatus) => void;
  /** A job wrote its kinds: the stores showing them ask again. */
  onDataChanged: (kinds: readonly DataKind[], syncedAt: string) => void;
  log: Log;
  /** Central Command is reachable again after being offline: open views catch up. */
  onReconnected?: () => void;
  /** Every feature's jobs, in the order they run when several are due (the fleet first). */
  jobs: () => readonly SyncJob[];
  /** Hints on a job's topics within this window make one early run of it (default 5 s). */
  hintDebounceMs?: number;
}

interface JobState {
  status: SyncJobStatus;
  /** When it runs next (epoch ms). */
  dueAt: number;
}

type Target = { session: ActiveSession; cache: CacheClient };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Runs the registered sync jobs (docs/ARCHITECTURE.md, "sync/"): each on its own cadence, backed
 * off after failures, early after hints on its topics. Runs never overlap: the jobs that are due run
 * one after another, and "Sync now" during a run shares it. Offline, each tick only checks whether
 * Central Command is back (one GET) and runs the jobs when it is; a 401 ends the session.
 */
export function createSyncLoop(options: SyncLoopOptions) {
  const debounceMs = options.hintDebounceMs ?? 5000;
  let target: Target | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let states = new Map<string, JobState>();
  let status: SyncStatus = {
    phase: 'idle',
    lastSyncedAt: null,
    lastAttemptAt: null,
    nextSyncAt: null,
    intervalSeconds: options.intervalSeconds,
    progress: null,
    error: null,
    jobs: [],
  };

  const cadenceMs = (job: SyncJob) => (job.cadenceSeconds ?? options.intervalSeconds) * 1000;

  function stateOf(job: SyncJob): JobState {
    let state = states.get(job.name);
    if (!state) {
      state = { dueAt: Date.now(), status: { name: job.name, phase: 'idle', lastSyncedAt: null, lastAttemptAt: null, nextRunAt: null, failures: 0, error: null } };
      states.set(job.name, state);
    }
    return state;
  }

  function updateJob(job: SyncJob, patch: Partial<SyncJobStatus>) {
    const state = stateOf(job);
    state.status = { ...state.status, ...patch };
  }

  function publish(changes: Partial<SyncStatus>) {
    status = { ...status, ...changes, jobs: options.jobs().map((job) => stateOf(job).status) };
    options.onStatus(status);
  }

  /** The loop's phase and error as its jobs stand: the first job in error (in order) speaks for all. */
  function settledSummary(): Partial<SyncStatus> {
    const jobs = options.jobs();
    const failing = jobs.map((job) => stateOf(job).status).find((job) => job.error !== null);
    const paused = jobs.some((job) => stateOf(job).status.phase === 'paused');
    const first = jobs[0];
    return {
      phase: paused ? 'paused' : failing ? 'error' : 'idle',
      error: failing?.error ?? null,
      progress: null,
      lastSyncedAt: first ? stateOf(first).status.lastSyncedAt : status.lastSyncedAt,
    };
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!target) return;
    const jobs = options.jobs();
    if (jobs.length === 0) return;
    const next = Math.min(...jobs.map((job) => stateOf(job).dueAt));
    timer = setTimeout(() => void trigger(), Math.max(0, next - Date.now()));
    timer.unref?.();
    publish({ nextSyncAt: iso(next) });
  }

  function failurePayload(error: unknown, job: SyncJob | null): ConsoleErrorPayload {
    if (isConsoleError(error)) return error.toPayload();
    options.log('error', `${job?.name ?? 'sync'} sync crashed`, { error: String(error) });
    return new ConsoleError('internal', `The ${job?.name ?? 'background'} sync failed unexpectedly. The details are in the console log.`).toPayload();
  }

  /** Offline: every job waits one interval, and the next tick checks again. */
  function goOffline(payload: ConsoleErrorPayload) {
    options.session.setConnectivity('offline');
    const dueAt = Date.now() + options.intervalSeconds * 1000;
    for (const job of options.jobs()) {
      stateOf(job).dueAt = dueAt;
      updateJob(job, { phase: 'paused', nextRunAt: iso(dueAt), error: payload });
    }
  }

  /** Runs the jobs that are due, in order. Returns false when the session ended meanwhile. */
  async function runDue(current: Target): Promise<boolean> {
    const isCurrent = () => target === current;
    const { session, cache } = current;
    if (options.session.snapshot().connectivity === 'offline') {
      await session.api.me(session.token);
      if (!isCurrent()) return false;
      options.session.setConnectivity('online');
      options.onReconnected?.();
    }
    const due = options.jobs().filter((job) => stateOf(job).dueAt <= Date.now());
    for (const [index, job] of due.entries()) {
      if (!isCurrent()) return false;
      updateJob(job, { phase: 'syncing', lastAttemptAt: iso(Date.now()), nextRunAt: null });
      publish({ phase: 'syncing', progress: { step: job.name, done: index, total: due.length } });
      try {
        const result = await job.run({
          api: session.api,
          token: session.token,
          cache,
          onProgress: (progress) => {
            if (isCurrent()) publish({ phase: 'syncing', progress });
          },
        });
        if (!isCurrent()) return false;
        const dueAt = Date.now() + cadenceMs(job);
        stateOf(job).dueAt = dueAt;
        updateJob(job, { phase: 'idle', lastSyncedAt: result.syncedAt, failures: 0, error: null, nextRunAt: iso(dueAt) });
        options.log('info', `${job.name} sync finished`, result.detail ?? {});
        if (result.changed !== false) options.onDataChanged(job.kinds, result.syncedAt);
      } catch (error) {
        if (!isCurrent()) return false;
        const payload = failurePayload(error, job);
        if (isConsoleError(error)) options.log('warn', `${job.name} sync failed`, { code: error.code });
        if (isConsoleError(error, 'session-expired')) {
          updateJob(job, { phase: 'idle' });
          await options.session.expire();
          return false;
        }
        if (isOfflineError(error)) {
          goOffline(payload);
          return true;
        }
        // One job's failure is its own: it backs off, the others still run.
        const failures = stateOf(job).status.failures + 1;
        const dueAt = Date.now() + backoffDelaySeconds(job, cadenceMs(job) / 1000, failures) * 1000;
        stateOf(job).dueAt = dueAt;
        updateJob(job, { phase: 'waiting', failures, error: payload, nextRunAt: iso(dueAt) });
      }
    }
    return true;
  }

  async function runOnce(): Promise<void> {
    const current = target;
    if (!current) return;
    if (timer) clearTimeout(timer);
    publish({ phase: 'syncing', lastAttemptAt: iso(Date.now()), progress: null, nextSyncAt: null });
    try {
      if (!(await runDue(current))) return;
    } catch (error) {
      // Only the reconnect check throws here: still offline, or the session is over.
      if (target !== current) return;
      if (isConsoleError(error, 'session-expired')) {
        publish({ phase: 'idle', progress: null, error: null });
        await options.session.expire();
        return;
      }
      const payload = failurePayload(error, null);
      if (isOfflineError(error)) goOffline(payload);
      else for (const job of options.jobs()) stateOf(job).dueAt = Date.now() + options.intervalSeconds * 1000;
      publish({ ...settledSummary(), error: payload });
      schedule();
      return;
    }
    if (target !== current) return;
    publish(settledSummary());
    schedule();
  }

  /** The only way a run starts (timer, sign-in, "Sync now", hints): while one runs, callers share it. */
  function trigger(): Promise<void> {
    running ??= runOnce().finally(() => (running = null));
    return running;
  }

  return {
    status: () => status,

    async start(session: ActiveSession, cache: CacheClient, lastSyncedAt: string | null): Promise<void> {
      target = { session, cache };
      // A new session's jobs start afresh, all due now; the fleet's freshness is what the cache says.
      states = new Map();
      const first = options.jobs()[0];
      if (first) updateJob(first, { lastSyncedAt });
      status = { ...status, lastSyncedAt, error: null, progress: null };
      // A run of the previous session may still be finishing: the new session's first run follows it.
      void (running ? running.then(trigger) : trigger());
    },

    async syncNow(): Promise<SyncStatus> {
      if (!target) throw new ConsoleError('invalid-state', 'Sign in to sync the fleet.');
      for (const job of options.jobs()) stateOf(job).dueAt = Date.now();
      void trigger();
      return status;
    },

    /** A /ws/events hint: the jobs that care about its topic run once, `hintDebounceMs` after the first hint of a burst. */
    hint(topic: HintTopic): void {
      if (!target) return;
      const soon = Date.now() + debounceMs;
      let moved = false;
      for (const job of options.jobs()) {
        if (!job.hints?.includes(topic)) continue;
        const state = stateOf(job);
        if (state.dueAt > soon) {
          state.dueAt = soon;
          moved = true;
        }
      }
      // A run in progress schedules the next one when it ends.
      if (moved && !running) schedule();
    },

    async stop(): Promise<void> {
      target = null;
      if (timer) clearTimeout(timer);
      timer = null;
      states = new Map();
      // Not awaited: a run stuck on a slow network must not hold up sign-out; it sees
      // that its target is gone and discards its result.
      publish({ phase: 'idle', progress: null, nextSyncAt: null, error: null, lastSyncedAt: null, lastAttemptAt: null });
    },
  };
}

export type SyncLoop = ReturnType<typeof createSyncLoop>;
