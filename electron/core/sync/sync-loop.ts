import { isConsoleError, type ConsoleErrorPayload, ConsoleError } from '#shared/errors.ts';
import type { SyncStatus } from '#shared/ipc/contract.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { isOfflineError, type ActiveSession, type SessionController } from '../session/session-controller.ts';
import { syncFleet, type FleetSyncResult } from './fleet-sync.ts';
import { syncAttention } from './attention-sync.ts';

export interface SyncLoopOptions {
  intervalSeconds: number;
  session: SessionController;
  onStatus: (status: SyncStatus) => void;
  onFleetChanged: (syncedAt: string) => void;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** After each successful sync: open views refresh too (and catch up after being offline). */
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
    timer = setTimeout(() => void runOnce(), delay);
    timer.unref?.();
    publish({ nextSyncAt: new Date(Date.now() + delay).toISOString() });
  }

  async function attempt(current: { session: ActiveSession; cache: CacheClient }): Promise<FleetSyncResult | null> {
    const { session, cache } = current;
    if (options.session.snapshot().connectivity === 'offline') {
      await session.api.me(session.token);
      options.session.setConnectivity('online');
    }
    const result = await syncFleet({
      api: session.api,
      token: session.token,
      cache,
      onProgress: (progress) => publish({ phase: 'syncing', progress }),
    });
    publish({ phase: 'syncing', progress: { step: 'needs attention', done: result.requests, total: result.requests + 1 } });
    await syncAttention(session.api, session.token, cache);
    options.onReconnected?.();
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
      if (result) {
        options.log('info', 'fleet sync finished', { changed: result.changed, requests: result.requests, notModified: result.notModified, sites: result.siteCount });
        publish({ phase: 'idle', lastSyncedAt: result.syncedAt, progress: null, error: null });
        options.onFleetChanged(result.syncedAt);
      }
    } catch (error) {
      if (target !== current) return;
      await handleFailure(error);
    }
    if (target === current) schedule();
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
      running = runOnce().finally(() => (running = null));
    },

    async syncNow(): Promise<SyncStatus> {
      if (!target) throw new ConsoleError('invalid-state', 'Sign in to sync the fleet.');
      if (!running) running = runOnce().finally(() => (running = null));
      return status;
    },

    /** Waits for a running sync to settle (tests, shutdown). */
    async settled(): Promise<void> {
      while (running) await running;
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
