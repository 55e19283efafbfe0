import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import { type ChannelHandlers, type EventName, type EventPayload, type FleetOverview } from '#shared/ipc/contract.ts';
import { eventAllowed } from '#shared/session/channel-access.ts';
import type { SessionState } from '#shared/session/machine.ts';
import { gateByState } from './session/channel-gate.ts';
import { openCache, type CacheClient } from './cache/cache-client.ts';
import { FLEET_SYNCED_AT } from './cache/cache-operations.ts';
import { moveCacheAside, removeCacheAndMovedAsideCopies } from './cache/cache-files.ts';
import { createProfileStore, type Profile } from './profiles/profile-store.ts';
import { routeFromEnvironment, type ProxyResolver } from './api/proxy.ts';
import { createSessionController, type ActiveSession, type SessionCache } from './session/session-controller.ts';
import { createSyncLoop } from './sync/sync-loop.ts';
import { createIncidentHandlers } from './incidents/index.ts';
import { cachedAttention, EMPTY_ATTENTION } from './sync/attention-sync.ts';
import { createSiteWatcher } from './sites/site-watcher.ts';
import { createEventHints } from './sync/event-hints.ts';
import { createKeychainVault, type Vault } from './vault/keychain-vault.ts';
import { vaultAccount } from './vault/accounts.ts';
import { createCacheKeyCustody } from './lock/cache-key-custody.ts';
import type { ScryptParams } from './lock/offline-verifier.ts';
import { createIdleLock } from './lock/idle-lock.ts';
import { pinnedCaOfSession, replacePinnedCa } from './profiles/replace-ca.ts';
import { createSettingsStore } from './settings/settings-store.ts';
import type { Log } from './log.ts';
import { createUpdateController, updateChannelHandlers, UPDATES_MANAGED_BY_INSTALLED_APP, type UpdateSupport } from './update/update-controller.ts';

/** The core behind the contract: what Electron main and the web shell both host. */
export interface ConsoleServiceOptions {
  /** Where profiles and cache files live (Electron: app.getPath('userData')). */
  dataDir: string;
  shell: 'electron' | 'web';
  appVersion: string;
  platform: string;
  /** Electron passes the bundled worker's location; the default is the .ts file next to the cache client. */
  cacheWorkerUrl?: URL;
  /** A native file picker, where the shell has one. */
  chooseCaFile?: () => Promise<string | null>;
  syncIntervalSeconds?: number;
  /** How often an open site page is fetched again (default 30 s). */
  siteRefreshSeconds?: number;
  /** Hints from /ws/events within this window trigger one fleet sync (default 5 s). */
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
  log?: Log;
  /** The signed-update engine (Electron main, packaged), or why there is none; default: the web shell's sentence. */
  updates?: UpdateSupport;
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ConsoleService {
  handlers: ChannelHandlers;
  onEvent(listener: EventListener): () => void;
  /** Finds a stored session at launch; it starts locked until the technician gives the password. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

const EMPTY_OVERVIEW: FleetOverview = { sites: [], totalSites: 0, stats: null, syncedAt: null };

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
    onFleetChanged: (syncedAt) => (emit('fleet:changed', { syncedAt }), emit('incidents:changed', { syncedAt, incidentId: null })),
    onReconnected: () => siteWatcher.refreshOpen(),
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

  const siteWatcher = createSiteWatcher({
    refreshSeconds: options.siteRefreshSeconds ?? 30,
    current: () => {
      const active = session.active();
      return active && cache ? { session: active, cache } : null;
    },
    isOnline: () => session.snapshot().connectivity === 'online',
    onChange: (view) => emit('site:changed', view),
    onSessionExpired: () => session.expire(),
    log,
  });

  // A burst of hints becomes one sync: the fleet lists are refetched with ETags, so it costs 304s.
  let hintedSync: NodeJS.Timeout | null = null;
  const eventHints = createEventHints({
    session: () => session.active(),
    isKnownSite: async (siteId) => (cache ? cache.hasSite(siteId) : false),
    onSiteHint: (siteId) => {
      siteWatcher.refreshOpen([siteId]);
      if (hintedSync) return;
      hintedSync = setTimeout(() => {
        hintedSync = null;
        void syncLoop.syncNow().catch(() => undefined);
      }, (options.hintDebounceSeconds ?? 5) * 1000);
      hintedSync.unref?.();
    },
    onIncidentHint: (incidentId) => void incidents.refresh(incidentId).catch(() => undefined),
    onTokenRefused: () => void session.expire(),
    log,
  });

  const incidents = createIncidentHandlers({
    current: () => {
      const active = session.active();
      return active && cache ? { session: active, cache } : null;
    },
    isOnline: () => session.snapshot().connectivity === 'online',
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
    onChange: (snapshot) => {
      sessionState = snapshot.state;
      // Only a signed-in console counts idle time; locked, signing in or signed out, nothing is shown to protect.
      if (snapshot.state === 'signed-in') idleLock.resume();
      else idleLock.pause();
      emit('session:changed', snapshot);
    },
    openExistingCache: (profile, keyHex) => openCache({ file: profiles.cacheFileFor(profile), keyHex, existingOnly: true, ...workerOption() }),
    onSessionReady: async (active, sessionCache) => {
      cache = sessionCache.kind === 'opened' ? sessionCache.cache : await openProfileCache(active, sessionCache.sealed);
      const lastSyncedAt = await cache.getMeta(FLEET_SYNCED_AT);
      emit('fleet:changed', { syncedAt: lastSyncedAt });
      await syncLoop.start(active, cache, lastSyncedAt);
      eventHints.start();
    },
    onSessionEnded: () => stopSessionWork(),
  });

  /** Everything that runs for a session stops, and its cache closes (the file and key stay). */
  async function stopSessionWork(): Promise<void> {
    // Before any await: from the lock on, no handler may answer from this cache, even while it closes.
    const closing = cache;
    cache = null;
    eventHints.stop();
    if (hintedSync) clearTimeout(hintedSync);
    hintedSync = null;
    siteWatcher.closeAll();
    await syncLoop.stop();
    await closing?.close();
  }

  function workerOption() {
    return options.cacheWorkerUrl ? { workerUrl: options.cacheWorkerUrl } : {};
  }

  /**
   * Online only (Central Command accepted the password): the key comes from the keychain share and
   * the password (cache-key-custody.ts); a cache that cannot be read is moved aside and rebuilt.
   */
  async function openProfileCache(active: ActiveSession, key: Extract<SessionCache, { kind: 'sealed' }>['sealed']): Promise<CacheClient> {
    const file = profiles.cacheFileFor(active.profile);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    if (key.replacedBecause && existsSync(file)) await quarantine(file, active.profile, key.replacedBecause);
    const keyHex = key.cacheKeyHex;
    const open = () => openCache({ file, keyHex, ...workerOption() });
    try {
      return await open();
    } catch (error) {
      if (!isConsoleError(error, 'cache-wrong-key') && !isConsoleError(error, 'cache-corrupt')) throw error;
      await quarantine(file, active.profile, error.code === 'cache-wrong-key' ? 'it does not match its key' : 'it is damaged');
      return open();
    }
  }

  async function quarantine(file: string, profile: Profile, reason: string) {
    const movedTo = await moveCacheAside(file);
    log('warn', 'local cache moved aside', { reason, movedTo });
    session.notify(`The local copy of ${profile.origin}'s data could not be read (${reason}). It was moved aside as ${movedTo} and is being rebuilt from Central Command.`);
  }

  async function listProfiles() {
    const { profiles: known, activeProfileId } = await profiles.list();
    // One keychain lookup per profile, side by side rather than one after another.
    const tokens = await Promise.all(known.map((profile) => vault.get(vaultAccount(profile.origin, profile.userId, 'session-token'))));
    const summaries = known.map((profile, index) => ({
      id: profile.id,
      origin: profile.origin,
      username: profile.username,
      displayName: profile.displayName,
      role: profile.role,
      lastSignedInAt: profile.lastSignedInAt,
      active: profile.id === activeProfileId && session.active() !== null,
      hasSession: tokens[index] !== null,
    }));
    return { profiles: summaries };
  }

  /** "Remove local data": the profile's session (ended on the server when it answers), cache key and every cache file, moved-aside copies included. */
  async function removeProfile(profileId: string) {
    const profile = await profiles.get(profileId);
    if (!profile) throw new ConsoleError('not-found', 'That server profile is no longer on this computer.');
    if (session.active()?.profile.id === profileId || (await profiles.active())?.id === profileId) await session.leaveProfile(null);
    await session.logOutStoredSession(profile);
    await vault.delete(vaultAccount(profile.origin, profile.userId, 'session-token'));
    await custody.forget(profile, profiles.cacheFileFor(profile));
    await removeCacheAndMovedAsideCopies(profiles.cacheFileFor(profile));
    await profiles.remove(profileId);
    log('info', 'profile removed with its local data', { profileId });
    return listProfiles();
  }

  const ungated: ChannelHandlers = {
    'app:info': async () => ({
      version: options.appVersion,
      shell: options.shell,
      platform: options.platform,
      canChooseFiles: options.chooseCaFile !== undefined,
    }),
    'session:get': async () => session.snapshot(),
    'session:signIn': (input) => session.signIn(input),
    'session:verifyTotp': (input) => session.verifyTotp(input.code),
    'session:cancelMfa': async () => session.cancelMfa(),
    'session:signOut': () => session.signOut(),
    'session:activity': async () => {
      idleLock.activity();
      return {};
    },
    'session:lock': () => session.lock('requested'),
    'session:unlock': (input) => session.unlock(input.password),
    'settings:get': () => settings.get(),
    'settings:set': async (input) => {
      const updated = await settings.update(input);
      idleLock.setIdleMs(await idleMsFromSettings());
      return updated;
    },
    'fleet:overview': async (query) => (cache ? cache.queryFleet(query) : EMPTY_OVERVIEW),
    'fleet:orgs': async () => ({ orgs: cache ? await cache.fleetOrgs() : [] }),
    'sync:status': async () => syncLoop.status(),
    'sync:now': () => syncLoop.syncNow(),
    'profiles:list': () => listProfiles(),
    'profiles:switch': (input) => session.switchTo(input.profileId),
    'profiles:add': () => session.leaveProfile(null),
    'profiles:remove': (input) => removeProfile(input.profileId),
    'site:open': (input) => siteWatcher.open(input.siteId),
    'site:close': async (input) => ({ closed: siteWatcher.close(input.siteId) }),
    'site:refresh': (input) => siteWatcher.refresh(input.siteId),
    'attention:list': async () => (cache ? cachedAttention(cache) : EMPTY_ATTENTION),
    ...updateChannelHandlers(updates),
    ...incidents.handlers,
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
    async dispose() {
      idleLock.stop();
      await stopSessionWork();
      session.dispose();
      listeners.clear();
    },
  };
}
