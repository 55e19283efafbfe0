import { isConsoleError, type ConsoleErrorPayload, ConsoleError } from '#shared/errors.ts';
import type { SyncStatus } from '#shared/ipc/contract.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { isOfflineError, type ActiveSession, type SessionController } from '../session/session-controller.ts';
import { syncFleet, type FleetSyncResult } from './fleet-sync.ts';
import { syncAttention } from './attention-sync.ts';
import { syncIncidents } from '../incidents/index.ts';
import type { Log } from '../log.ts';

export interface SyncLoopOptions {
  intervalSeconds: number;
  session: SessionController;
  onStatus: (status: SyncStatus) => void;
  onFleetChanged: (syncedAt: string) => void;
  log: Log;
  /** Central Command is reachable again after being offline: open views catch up. */
  onReconnected?: () => void;
}

/**
 * Background fleet sync every `intervalSeconds` (design brief §4b). Offline, each tick only checks
 * whether Central Command is back (one GET) and syncs when it is; a 401 ends the session.
 * Runs never overlap: "Sync now" during a run returns the running one's status.
 */
export function createSyncLoop(options: SyncLoopOptions) {
  let target: { session: ActiveSession; cache: CacheClient } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let status: SyncStatus = {
    phase: 'idle',
    lastSyncedAt: null,
    lastAttemptAt: null,
    nextSyncAt: null,
    intervalSeconds: options.intervalSeconds,
    progress: null,
    error: null,
  };

  function publish(changes: Partial<SyncStatus>) {
    status = { ...status, ...changes };
    options.onStatus(status);
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    if (!target) return;
    const delay = options.intervalSeconds * 1000;
    timer = setTimeout(() => void trigger(), delay);
    timer.unref?.();
    publish({ nextSyncAt: new Date(Date.now() + delay).toISOString() });
  }

  async function attempt(current: { session: ActiveSession; cache: CacheClient }): Promise<FleetSyncResult> {
    const { session, cache } = current;
    // A run whose session ended (sign-out, lock) finishes its requests quietly: it must not report
    // progress or connectivity over the next session's.
    const isCurrent = () => target === current;
    if (options.session.snapshot().connectivity === 'offline') {
      await session.api.me(session.token);
      if (isCurrent()) {
        options.session.setConnectivity('online');
        options.onReconnected?.();
      }
    }
    const result = await syncFleet({
      api: session.api,
      token: session.token,
      cache,
      onProgress: (progress) => {
        if (isCurrent()) publish({ phase: 'syncing', progress });
      },
    });
    if (isCurrent()) publish({ phase: 'syncing', progress: { step: 'needs attention', done: result.requests, total: result.requests + 1 } });
    await syncAttention(session.api, session.token, cache);
    await syncIncidents({ api: session.api, token: session.token, cache, log: options.log, onProgress: (progress) => isCurrent() && publish({ phase: 'syncing', progress }) });
    return result;
  }

  async function runOnce(): Promise<void> {
    const current = target;
    if (!current) return;
    if (timer) clearTimeout(timer);
    publish({ phase: 'syncing', lastAttemptAt: new Date().toISOString(), progress: null, nextSyncAt: null });
    try {
      const result = await attempt(current);
      if (target !== current) return;
      options.log('info', 'fleet sync finished', { changed: result.changed, requests: result.requests, notModified: result.notModified, sites: result.siteCount });
      publish({ phase: 'idle', lastSyncedAt: result.syncedAt, progress: null, error: null });
      options.onFleetChanged(result.syncedAt);
    } catch (error) {
      if (target !== current) return;
      await handleFailure(error);
    }
    if (target === current) schedule();
  }

  /** The only way a run starts (timer, sign-in, "Sync now"): while one runs, callers share it. */
  function trigger(): Promise<void> {
    running ??= runOnce().finally(() => (running = null));
    return running;
  }

  async function handleFailure(error: unknown) {
    const payload: ConsoleErrorPayload = isConsoleError(error)
      ? error.toPayload()
      : new ConsoleError('internal', 'The fleet sync failed unexpectedly. The details are in the console log.').toPayload();
    if (!isConsoleError(error)) options.log('error', 'fleet sync crashed', { error: String(error) });
    else options.log('warn', 'fleet sync failed', { code: error.code });
    if (isConsoleError(error, 'session-expired')) {
      publish({ phase: 'idle', progress: null, error: null });
      await options.session.expire();
      return;
    }
    if (isOfflineError(error)) {
      options.session.setConnectivity('offline');
      publish({ phase: 'paused', progress: null, error: payload });
      return;
    }
    publish({ phase: 'error', progress: null, error: payload });
  }

  return {
    status: () => status,

    async start(session: ActiveSession, cache: CacheClient, lastSyncedAt: string | null): Promise<void> {
      target = { session, cache };
      status = { ...status, lastSyncedAt, error: null, progress: null };
      // A run of the previous session may still be finishing: the new session's first run follows it.
      void (running ? running.then(trigger) : trigger());
    },

    async syncNow(): Promise<SyncStatus> {
      if (!target) throw new ConsoleError('invalid-state', 'Sign in to sync the fleet.');
      void trigger();
      return status;
    },

    async stop(): Promise<void> {
      target = null;
      if (timer) clearTimeout(timer);
      timer = null;
      // Not awaited: a run stuck on a slow network must not hold up sign-out; it sees
      // that its target is gone and discards its result.
      publish({ phase: 'idle', progress: null, nextSyncAt: null, error: null, lastSyncedAt: null, lastAttemptAt: null });
    },
  };
}

export type SyncLoop = ReturnType<typeof createSyncLoop>;
