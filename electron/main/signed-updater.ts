import type { AppUpdater, ProgressInfo, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import { UpdateChannelSchema, type UpdateChannel } from '#shared/update/manifest.ts';
import type { Log } from '#core/log.ts';
import { isRefusal, type UpdaterEngine, type UpdaterEvent } from '#core/update/update-controller.ts';
import type { UpdateVerifier } from '#core/update/update-verifier.ts';
import { SignedManifestProvider, type SignedFeedOptions } from './update-provider.ts';

/** The AppUpdater settings and events this module uses (a real AppUpdater in tests and in the app). */
export type ConfigurableUpdater = Pick<
  AppUpdater,
  | 'channel'
  | 'allowDowngrade'
  | 'allowPrerelease'
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'disableDifferentialDownload'
  | 'disableWebInstaller'
  | 'fullChangelog'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'quitAndInstall'
  | 'on'
>;

/**
 * Points electron-updater at the signed feed. Setting `channel` makes electron-updater set
 * `allowDowngrade = true` as a side effect: it is set back to false right after, and core refuses
 * downgrades on its own as well.
 */
export function configureSignedUpdates(updater: ConfigurableUpdater, feed: Omit<SignedFeedOptions, 'provider'>): void {
  const options: SignedFeedOptions & { updateProvider: typeof SignedManifestProvider } = { provider: 'custom', updateProvider: SignedManifestProvider, ...feed };
  updater.setFeedURL(options);
  updater.channel = feed.channel;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.fullChangelog = false;
  // Downloads start once a manifest verified; installing waits for the technician's "Restart to
  // update". Never on quit: electron-updater's quit hook would install without the check right
  // before install (and it registers that hook before our check of the download has finished).
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;
  // Block maps are not signed, and the web installer skips the package check: whole, verified files only.
  updater.disableDifferentialDownload = true;
  updater.disableWebInstaller = true;
}

export interface SignedUpdaterEngineOptions {
  updater: ConfigurableUpdater;
  verifier: UpdateVerifier;
  channel: UpdateChannel;
  log: Log;
  /** Background checks: the first after `firstCheckMs`, then every `checkEveryMs`; null: only when asked. */
  schedule: { firstCheckMs: number; checkEveryMs: number } | null;
}

/** electron-updater's events, translated for core; a downloaded file counts only once it matches the signed manifest. */
export function createSignedUpdaterEngine(options: SignedUpdaterEngineOptions): UpdaterEngine {
  const { updater, verifier, log } = options;
  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent) => {
    for (const listener of listeners) listener(event);
  };
  let downloadedFile: string | null = null;

  updater.on('checking-for-update', () => emit({ type: 'checking' }));
  updater.on('update-not-available', () => emit({ type: 'not-available' }));
  updater.on('update-available', (info: UpdateInfo) => {
    downloadedFile = null;
    emit({ type: 'available', version: info.version, releaseDate: info.releaseDate, releaseNotes: typeof info.releaseNotes === 'string' ? info.releaseNotes : null });
  });
  updater.on('download-progress', (progress: ProgressInfo) => emit({ type: 'progress', percent: progress.percent, transferred: progress.transferred, total: progress.total }));
  updater.on('update-downloaded', (event: UpdateDownloadedEvent) => {
    verifier.verifyDownloaded(event.downloadedFile).then(
      () => {
        downloadedFile = event.downloadedFile;
        emit({ type: 'downloaded', version: event.version });
      },
      (error: unknown) => {
        downloadedFile = null;
        emit({ type: 'error', message: error instanceof Error ? error.message : String(error), refused: isRefusal(error) });
      },
    );
  });
  updater.on('error', (error: Error) => {
    log('warn', 'update check or download failed', { message: error.message });
    emit({ type: 'error', message: error.message, refused: isRefusal(error) });
  });

  const check = async () => {
    // Failures arrive as 'error' events as well; the rejection carries nothing more.
    await updater.checkForUpdates().catch(() => undefined);
  };
  if (options.schedule) {
    const { firstCheckMs, checkEveryMs } = options.schedule;
    setTimeout(() => {
      void check();
      setInterval(() => void check(), checkEveryMs).unref();
    }, firstCheckMs).unref();
  }

  return {
    channel: options.channel,
    check,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async installAndRestart() {
      if (!downloadedFile) throw new Error('No verified update is ready to install.');
      // Once more right before the installer runs: the file may have changed on disk since it was verified.
      await verifier.verifyDownloaded(downloadedFile);
      updater.quitAndInstall(false, true);
    },
  };
}

/** Where installed consoles look for updates. */
export const DEFAULT_UPDATE_FEED_URL = 'https://updates.osiriscare.net/central-console/';

/**
 * The feed and channel, with CENTRAL_CONSOLE_UPDATE_FEED / CENTRAL_CONSOLE_UPDATE_CHANNEL for a
 * staging feed or the beta channel. Another feed cannot widen trust: it must still be https and
 * serve manifests signed by a pinned key. An unknown channel falls back to the stable one.
 */
export function updateFeedFrom(env: NodeJS.ProcessEnv): { feedUrl: string; channel: UpdateChannel } {
  const feedUrl = env['CENTRAL_CONSOLE_UPDATE_FEED']?.trim() || DEFAULT_UPDATE_FEED_URL;
  const parsed = UpdateChannelSchema.safeParse(env['CENTRAL_CONSOLE_UPDATE_CHANNEL']?.trim());
  return { feedUrl, channel: parsed.success ? parsed.data : 'latest' };
}
