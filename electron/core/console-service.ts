import { ConsoleError } from '#shared/errors.ts';
import { DATA_KINDS, type ChannelHandlers, type EventName, type EventPayload } from '#shared/ipc/contract.ts';
import { eventAllowed } from '#shared/session/channel-access.ts';
import type { SessionState } from '#shared/session/machine.ts';
import { gateByState } from './session/channel-gate.ts';
import { openCache, type CacheClient } from './cache/cache-client.ts';
import { FLEET_SYNCED_AT } from './cache/cache-operations.ts';
import { openProfileCache } from './cache/profile-cache.ts';
import { createProfileStore } from './profiles/profile-store.ts';
import { routeFromEnvironment, type ProxyResolver } from './api/proxy.ts';
import { pinnedCaOfSession, replacePinnedCa } from './profiles/replace-ca.ts';
import { createUpdateController, updateChannelHandlers, UPDATES_MANAGED_BY_INSTALLED_APP, type UpdateSupport } from './update/update-controller.ts';
import { createProfileHandlers } from './profiles/profile-handlers.ts';
import { createSessionController } from './session/session-controller.ts';
import { createSessionHandlers } from './session/session-handlers.ts';
import { createSyncLoop } from './sync/sync-loop.ts';
import { createIncidentHandlers, incidentSyncJob } from './incidents/index.ts';
import type { SyncJob } from './sync/sync-job.ts';
import { createEventHints } from './sync/event-hints.ts';
import { createFleetFeature } from './fleet/index.ts';
import { createSiteFeature, createSiteWatcher } from './sites/index.ts';
import { createAttentionFeature } from './attention/index.ts';
import { createKeychainVault, type Vault } from './vault/keychain-vault.ts';
import { createCacheKeyCustody } from './lock/cache-key-custody.ts';
import type { ScryptParams } from './lock/offline-verifier.ts';
import { createIdleLock } from './lock/idle-lock.ts';
import { createSettingsStore } from './settings/settings-store.ts';
import { createSettingsHandlers } from './settings/settings-handlers.ts';
import type { DurableClient } from './durable/durable-client.ts';
import type { Profile } from './profiles/profile-store.ts';
import { createDurableKeyCustody } from './durable/durable-key.ts';
import { durableFileFor, openProfileDurableStore, removeProfileDurableStore } from './durable/profile-durable-store.ts';
import type { Log } from './log.ts';
import type { UnionToIntersection } from '#shared/util/types.ts';

/** The core behind the contract: what Electron main and the web shell both host. */
export interface ConsoleServiceOptions {
  /** Where profiles and cache files live (Electron: app.getPath('userData')). */
  dataDir: string;
  shell: 'electron' | 'web';
  appVersion: string;
  platform: string;
  /** Electron passes the bundled worker's location; the default is the .ts file next to the cache client. */
  cacheWorkerUrl?: URL;
  /** The same for the durable store's worker. */
  durableWorkerUrl?: URL;
  /** A native file picker, where the shell has one. */
  chooseCaFile?: () => Promise<string | null>;
  syncIntervalSeconds?: number;
  /** How often an open site page is fetched again (default 30 s). */
  siteRefreshSeconds?: number;
  /** While reviewing offline, how often Central Command is asked whether it is reachable again (default 30 s). */
  reachabilityProbeSeconds?: number;
  /** Hints from /ws/events within this window make one early run of the sync jobs they concern (default 5 s). */
  hintDebounceSeconds?: number;
  /** Development only: allow http:// to 127.0.0.1. */
  allowInsecureLoopback?: boolean;
  /** How traffic reaches a server: Electron asks Chromium (PAC included); by default HTTPS_PROXY / NO_PROXY. */
  resolveProxy?: ProxyResolver;
  /** Keychain service name; tests use their own so they never touch a technician's entries. */
  keychainService?: string;
  /** Prefills the sign-in form before any sign-in (the demo points it at its simulator). */
  defaultServer?: { origin: string; caFilePath: string | null };
  /** Tests may pass another vault; the product always uses the OS keychain. */
  vault?: Vault;
  /** Tests shorten the idle lock; the product takes it from the settings (minutes). */
  idleLockMsOverride?: number;
  /** Tests make the offline verifier cheaper; the product uses DEFAULT_SCRYPT_PARAMS. */
  scryptParams?: ScryptParams;
  /** The signed-update engine (Electron main, packaged), or why there is none; default: the web shell's sentence. */
  updates?: UpdateSupport;
  log?: Log;
}


export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ConsoleService {
  handlers: ChannelHandlers;
  onEvent(listener: EventListener): () => void;
  /** Finds a stored session at launch; it starts locked until the technician gives the password. */
  start(): Promise<void>;
  /** The signed-in profile's durable store (audit log, outbox), or null while locked or signed out. */
  durableStore(): DurableClient | null;
  dispose(): Promise<void>;
}

export async function createConsoleService(options: ConsoleServiceOptions): Promise<ConsoleService> {
  const log = options.log ?? (() => undefined);
  const listeners = new Set<EventListener>();
  /** The session's state as last announced; events and channels are allowed by it (channel-access.ts). */
  let sessionState: SessionState = 'signed-out';
  const emit: EventListener = (event, payload) => {
    if (!eventAllowed(event, sessionState)) return;
    for (const listener of listeners) listener(event, payload);
  };
  const vault = options.vault ?? createKeychainVault(options.keychainService ?? 'Central Console');
  const profiles = createProfileStore(options.dataDir);
  const settings = createSettingsStore(options.dataDir, (message) => log('warn', message));
  const custody = createCacheKeyCustody({ vault, ...(options.scryptParams ? { scryptParams: options.scryptParams } : {}) });
  let cache: CacheClient | null = null;
  const durableKeys = createDurableKeyCustody(vault);
  let durable: DurableClient | null = null;

  const idleMsFromSettings = async () => options.idleLockMsOverride ?? (await settings.get()).idleLockMinutes * 60_000;
  const idleLock = createIdleLock({
    idleMs: await idleMsFromSettings(),
    onWarn: (locksAt) => emit('session:idleWarning', { locksAt: locksAt.toISOString() }),
    onWarnCancelled: () => emit('session:idleWarning', { locksAt: null }),
    onLock: () => void session.lock('idle').catch((error: unknown) => log('error', 'idle lock failed', { error: String(error) })),
  });

  const syncLoop = createSyncLoop({
    intervalSeconds: options.syncIntervalSeconds ?? 60,
    get session() {
      return session;
    },
    onStatus: (status) => {
      emit('sync:changed', status);
      updates.restartBlockerChanged();
    },
    onDataChanged: (kinds, syncedAt) => emit('data:changed', { kinds: [...kinds], syncedAt }),
    onReconnected: () => siteWatcher.refreshOpen(),
    jobs: () => syncJobs,
    hintDebounceMs: (options.hintDebounceSeconds ?? 5) * 1000,
    log,
  });

  // The restart that installs an update never cuts a sync's cache writes short.
  const updates = createUpdateController({
    support: options.updates ?? { unsupported: UPDATES_MANAGED_BY_INSTALLED_APP },
    currentVersion: options.appVersion,
    restartBlocker: () => (syncLoop.status().phase === 'syncing' ? 'the running sync' : null),
    onChange: (state) => emit('update:changed', state),
    log,
  });

  /** The open cache, and the session that may fetch into it (none while reviewing offline). */
  const openCacheAndSession = () => (cache ? { session: session.active(), cache } : null);
  /** Only a signed-in session fetches; a review that can reach Central Command again still has no token. */
  const canFetch = () => session.snapshot().state === 'signed-in' && session.snapshot().connectivity === 'online';

  const siteWatcher = createSiteWatcher({
    refreshSeconds: options.siteRefreshSeconds ?? 30,
    current: openCacheAndSession,
    isOnline: canFetch,
    onChange: (view) => emit('site:changed', view),
    onSessionExpired: () => session.expire(),
    log,
  });

  const eventHints = createEventHints({
    session: () => session.active(),
    isKnownSite: async (siteId) => (cache ? cache.hasSite(siteId) : false),
    onHint: (topic, id) => {
      // The open view refetches at once; the jobs that care run once per burst (debounced in the loop).
      if (topic === 'site') siteWatcher.refreshOpen([id]);
      else void incidents.refresh(id).catch(() => undefined);
      syncLoop.hint(topic);
    },
    onTokenRefused: () => void session.expire(),
    log,
  });

  const incidents = createIncidentHandlers({
    current: openCacheAndSession,
    isOnline: canFetch,
    durable: () => durable,
    emit,
    log,
  });

  const session = createSessionController({
    vault,
    profiles,
    custody,
    maxOfflineDays: async () => (await settings.get()).maxOfflineDays,
    describeIdleLock: () => `The console locked itself after ${idleLock.describeIdleTime()} without activity. Enter your password to continue.`,
    allowInsecureLoopback: options.allowInsecureLoopback ?? false,
    resolveProxy: options.resolveProxy ?? (async (url) => routeFromEnvironment(process.env, url)),
    defaultServer: options.defaultServer ?? null,
    reachabilityProbeMs: (options.reachabilityProbeSeconds ?? 30) * 1000,
    log,
    onChange: (snapshot) => {
      if (snapshot.state !== sessionState) log('info', 'session state changed', { state: snapshot.state, connectivity: snapshot.connectivity });
      sessionState = snapshot.state;
      // Only a console that shows cached data (signed in, or reviewing) counts idle time; locked, signing in or signed out, nothing is shown to protect.
      if (snapshot.state === 'signed-in' || snapshot.state === 'reviewing') idleLock.resume();
      else idleLock.pause();
      emit('session:changed', snapshot);
    },
    // Offline nothing can be rebuilt: damage found after the open is said, and the next online sign-in moves the cache aside (its check runs again then).
    openExistingCache: (profile, keyHex) =>
      openCache({
        file: profiles.cacheFileFor(profile),
        keyHex,
        existingOnly: true,
        ...workerOption(),
        onDamaged: (error) => {
          log('warn', 'local cache damaged while offline', { reason: error.details?.reason ?? error.message });
          session.notify(`The local copy of ${profile.origin}'s data is damaged, so some of it cannot be shown. It will be moved aside and rebuilt from Central Command at your next online sign-in.`);
        },
      }),
    onSessionReady: async (active, sessionCache) => {
      cache =
        sessionCache.kind === 'opened'
          ? sessionCache.cache
          : await openProfileCache({
              file: profiles.cacheFileFor(active.profile),
              sealed: sessionCache.sealed,
              ...workerOption(),
              onMovedAside: (reason, movedTo) => {
                log('warn', 'local cache moved aside', { reason, movedTo });
                session.notify(`The local copy of ${active.profile.origin}'s data could not be read (${reason}). It was moved aside as ${movedTo} and is being rebuilt from Central Command.`);
              },
              // Damage found while open: the stores show the empty cache, and every job syncs afresh now.
              onRebuilt: () => {
                if (cache === null) return;
                emit('data:changed', { kinds: [...DATA_KINDS], syncedAt: null });
                void syncLoop.start(active, cache, null);
              },
            });
      logUnfinishedCheck(cache);
      durable = await openDurable(active.profile);
      const lastSyncedAt = await cache.getMeta(FLEET_SYNCED_AT);
      // The cache is open: every store asks for what it shows.
      emit('data:changed', { kinds: [...DATA_KINDS], syncedAt: lastSyncedAt });
      await syncLoop.start(active, cache, lastSyncedAt);
      eventHints.start();
    },
    // A review reads the cache the verifier proved and starts nothing: no token, so no sync, refresh or /ws/events.
    // The durable store opens too: the technician's saved views are local and must open offline.
    onReviewReady: async (profile, provenCache) => {
      cache = provenCache;
      logUnfinishedCheck(cache);
      durable = await openDurable(profile);
    },
    onSessionEnded: () => stopSessionWork(),
  });

  /** Everything that runs for a session stops, and its cache closes (the file and key stay). */
  async function stopSessionWork(): Promise<void> {
    // Before any await: from the lock on, no handler may answer from this cache, even while it closes.
    const closing = cache;
    cache = null;
    const closingDurable = durable;
    durable = null;
    eventHints.stop();
    siteWatcher.closeAll();
    await syncLoop.stop();
    await closing?.close();
    await closingDurable?.close();
  }

  function openDurable(profile: Profile) {
    return openProfileDurableStore({
      file: durableFileFor(options.dataDir, profile.id),
      owner: profile,
      keys: durableKeys,
      ...(options.durableWorkerUrl ? { workerUrl: options.durableWorkerUrl } : {}),
      log,
      notify: (message) => session.notify(message),
    });
  }

  /** Damage is reported through onDamaged; a check that could not run at all is only worth a log line (it runs again at the next open). */
  function logUnfinishedCheck(opened: CacheClient): void {
    void opened.integrityCheck.then((verdict) => {
      if (verdict.kind === 'failed') log('warn', 'local cache check could not run', { reason: verdict.reason });
    });
  }

  function workerOption() {
    return options.cacheWorkerUrl ? { workerUrl: options.cacheWorkerUrl } : {};
  }

  /** Each data kind once: its handlers and its sync jobs (run in this order when several are due). */
  const features = [
    createFleetFeature({ cache: () => cache, sync: syncLoop }),
    createSiteFeature(siteWatcher),
    createAttentionFeature({ cache: () => cache }),
    { handlers: incidents.handlers, syncJobs: [incidentSyncJob(log)] },
  ] as const;
  const syncJobs: readonly SyncJob[] = features.flatMap((feature): readonly SyncJob[] => ('syncJobs' in feature ? (feature.syncJobs ?? []) : []));
  const featureHandlers = Object.assign({}, ...features.map((feature) => feature.handlers)) as UnionToIntersection<(typeof features)[number]['handlers']>;

  const ungated: ChannelHandlers = {
    'app:info': async () => ({
      version: options.appVersion,
      shell: options.shell,
      platform: options.platform,
      canChooseFiles: options.chooseCaFile !== undefined,
    }),
    ...createSessionHandlers(session, idleLock, log),
    ...createSettingsHandlers({ settings, idleLock, idleMs: idleMsFromSettings }),
    ...createProfileHandlers({
      profiles,
      vault,
      custody,
      session,
      removeAlso: async (profile) => {
        await durableKeys.forget(profile);
        await removeProfileDurableStore(durableFileFor(options.dataDir, profile.id));
      },
      log,
    }),
    ...featureHandlers,
    ...updateChannelHandlers(updates),
    'ca:pinned': () => pinnedCaOfSession(session.active(), profiles),
    'ca:replace': (input) => replacePinnedCa({ active: session.active(), profiles, caFilePath: input.caFilePath, allowInsecureLoopback: options.allowInsecureLoopback ?? false }),
    'dialog:chooseCaFile': async () => {
      if (!options.chooseCaFile) throw new ConsoleError('unsupported', 'This window cannot open a file picker. Type the full path of the CA certificate file instead.');
      return { path: await options.chooseCaFile() };
    },
  };

  const handlers = gateByState(ungated, () => sessionState);

  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => session.restore(),
    durableStore: () => durable,
    async dispose() {
      idleLock.stop();
      await stopSessionWork();
      session.dispose();
      listeners.clear();
    },
  };
}
