import { ConsoleError } from '#shared/errors.ts';
import type { ChannelHandlers } from '#shared/ipc/contract.ts';
import type { UpdateChannelName, UpdateState } from '#shared/update/index.ts';
import type { Log } from '../log.ts';
import { isUpdateRefused } from './update-refusal.ts';

/** What the shell's updater reports (electron-updater in Electron main, behind the signed-manifest provider). */
export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string; releaseDate: string; releaseNotes: string | null }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number; transferred: number; total: number }
  /** Downloaded and verified against the signed manifest: it may be installed. */
  | { type: 'downloaded'; version: string }
  /** refused: the update was refused as unsafe; otherwise the feed or the download failed. */
  | { type: 'error'; message: string; refused: boolean };

/** The shell's updater, as core drives it. */
export interface UpdaterEngine {
  channel: string;
  check(): Promise<void>;
  /** Verifies the downloaded file once more, then quits and installs (the app restarts). */
  installAndRestart(): Promise<void>;
  subscribe(listener: (event: UpdaterEvent) => void): () => void;
}

/** Either an updater, or the sentence saying why this shell has none (web shell, development build). */
export type UpdateSupport = { engine: UpdaterEngine } | { unsupported: string };

export const UPDATES_MANAGED_BY_INSTALLED_APP = 'Updates are managed by the installed app.';

export interface UpdateControllerOptions {
  support: UpdateSupport;
  currentVersion: string;
  /** Why restarting now would interrupt work (a sync writing the local cache), or null. */
  restartBlocker: () => string | null;
  onChange: (state: UpdateState) => void;
  log: Log;
  now?: () => Date;
}

/**
 * The update state the technician sees, and the one decision core makes about it: the restart
 * that installs a verified update happens only when the technician asks for it, and never while
 * a sync writes the local cache.
 */
export function createUpdateController(options: UpdateControllerOptions) {
  const now = options.now ?? (() => new Date());
  const engine = 'engine' in options.support ? options.support.engine : null;
  let state: UpdateState = {
    phase: engine ? 'idle' : 'unsupported',
    currentVersion: options.currentVersion,
    channel: engine?.channel ?? null,
    update: null,
    progress: null,
    restartBlockedBy: null,
    message: 'unsupported' in options.support ? options.support.unsupported : null,
    refused: false,
    lastCheckedAt: null,
  };

  function publish(changes: Partial<UpdateState>): void {
    const next = { ...state, refused: false, ...changes };
    next.restartBlockedBy = next.phase === 'ready' ? options.restartBlocker() : null;
    state = next;
    options.onChange(state);
  }

  function onEngineEvent(event: UpdaterEvent): void {
    switch (event.type) {
      case 'checking':
        publish({ phase: 'checking', message: null });
        return;
      case 'not-available':
        publish({ phase: 'up-to-date', update: null, progress: null, message: null, lastCheckedAt: now().toISOString() });
        return;
      case 'available':
        publish({
          phase: 'available',
          update: { version: event.version, releaseDate: event.releaseDate, releaseNotes: event.releaseNotes },
          progress: null,
          message: null,
          lastCheckedAt: now().toISOString(),
        });
        return;
      case 'progress':
        // A progress report after the file was verified (or after an error) would undo that state.
        if (state.phase !== 'available' && state.phase !== 'downloading') return;
        publish({ phase: 'downloading', progress: { percent: clampPercent(event.percent), transferred: Math.round(event.transferred), total: Math.round(event.total) } });
        return;
      case 'downloaded':
        if (state.update?.version !== event.version) {
          publish({ phase: 'error', update: null, progress: null, message: `The downloaded update ${event.version} is not the one that was verified.`, refused: true });
          return;
        }
        publish({ phase: 'ready', progress: null, message: null });
        return;
      case 'error':
        // An update that is ready stays ready when a later background check fails.
        if (state.phase === 'ready') {
          options.log('warn', 'update check failed while an update is ready', { message: event.message });
          return;
        }
        publish({ phase: 'error', update: null, progress: null, message: event.message, refused: event.refused, lastCheckedAt: now().toISOString() });
    }
  }

  engine?.subscribe(onEngineEvent);

  return {
    state: () => ({ ...state, restartBlockedBy: state.phase === 'ready' ? options.restartBlocker() : null }),

    /** Whatever blocks the restart changed (a sync started or ended): the ready prompt follows it. */
    restartBlockerChanged(): void {
      if (state.phase === 'ready' && state.restartBlockedBy !== options.restartBlocker()) publish({});
    },

    async check(): Promise<UpdateState> {
      if (!engine) return state;
      // A check while downloading or ready would only repeat what is already under way.
      if (state.phase === 'downloading' || state.phase === 'ready') return state;
      await engine.check().catch((error: unknown) => onEngineEvent({ type: 'error', message: error instanceof Error ? error.message : String(error), refused: isRefusal(error) }));
      return state;
    },

    async restart(): Promise<UpdateState> {
      if (!engine || state.phase !== 'ready' || !state.update) {
        throw new ConsoleError('invalid-state', 'No verified update is ready to install.');
      }
      const blocker = options.restartBlocker();
      if (blocker) {
        publish({});
        throw new ConsoleError('invalid-state', `Restart to update waits until ${blocker} has finished. Try again in a moment.`);
      }
      options.log('info', 'restarting to install the update, as the technician chose', { version: state.update.version });
      try {
        await engine.installAndRestart();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        publish({ phase: 'error', update: null, progress: null, message, refused: isRefusal(error) });
        throw new ConsoleError('invalid-state', message);
      }
      return state;
    },
  };
}

export type UpdateController = ReturnType<typeof createUpdateController>;

/** Refused as unsafe, as opposed to a feed that could not be reached. */
export function isRefusal(error: unknown): boolean {
  return isUpdateRefused(error) && error.reason !== 'feed-unavailable';
}

function clampPercent(percent: number): number {
  return Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
}

/** The contract's update channels, answered by the controller (spread into the console's handlers). */
export function updateChannelHandlers(controller: UpdateController): Pick<ChannelHandlers, UpdateChannelName> {
  return {
    'update:get': async () => controller.state(),
    'update:check': () => controller.check(),
    'update:restart': () => controller.restart(),
  };
}
