import { ConsoleError, isConsoleError } from '#shared/errors.ts';
import { SiteViewSchema, type SiteView } from '#shared/sites/index.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { cachedDocument } from '../cache/cached-document.ts';
import type { ActiveSession } from '../session/session-controller.ts';
import { emptySiteView, fetchSiteView } from './site-view.ts';
import type { Log } from '../log.ts';
import { reviewRefusal } from '#shared/session/review-refusals.ts';

/** Each site's page is one document, keyed by the site id. */
const siteViewDocument = cachedDocument('site-view', SiteViewSchema);

export interface SiteWatcherOptions {
  /** While a site is open, how often it is fetched again (a page on screen stays current). */
  refreshSeconds: number;
  /** The open cache, with the session that can refetch into it; no session while reviewing offline. */
  current: () => { session: ActiveSession | null; cache: CacheClient } | null;
  isOnline: () => boolean;
  onChange: (view: SiteView) => void;
  onSessionExpired: () => Promise<void>;
  log: Log;
}

/**
 * The sites a technician has open: each answers at once from the cache, is fetched again right
 * away and then every `refreshSeconds` while it stays open and the console is online. A failed
 * refresh keeps the cached copy and says why.
 */
export function createSiteWatcher(options: SiteWatcherOptions) {
  const open = new Map<string, { timer: NodeJS.Timeout | null; refreshing: Promise<SiteView> | null }>();

  async function cachedView(cache: CacheClient, siteId: string): Promise<SiteView> {
    return (await siteViewDocument.read(cache, siteId)) ?? emptySiteView(siteId);
  }

  function schedule(siteId: string) {
    const entry = open.get(siteId);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void refresh(siteId).catch(() => undefined), options.refreshSeconds * 1000);
    entry.timer.unref?.();
  }

  async function doRefresh(siteId: string): Promise<SiteView> {
    const current = options.current();
    if (!current) throw new ConsoleError('invalid-state', 'Sign in to see this site.');
    const { session, cache } = current;
    const cached = await cachedView(cache, siteId);
    if (!session) return { ...cached, refreshing: false, error: new ConsoleError('invalid-state', reviewRefusal('site:refresh')).toPayload() };
    if (!options.isOnline()) {
      return { ...cached, refreshing: false, error: new ConsoleError('unreachable', 'Central Command cannot be reached; this is the copy from the last time the site was opened.').toPayload() };
    }
    try {
      const fresh = await fetchSiteView(session.api, session.token, siteId);
      await siteViewDocument.write(cache, siteId, fresh, fresh.asOf ?? new Date().toISOString());
      return fresh;
    } catch (error) {
      if (isConsoleError(error, 'session-expired')) await options.onSessionExpired();
      return { ...cached, refreshing: false, error: refreshFailure(error, options.log) };
    }
  }

  /** One refresh at a time per site; every caller gets its result. */
  function refresh(siteId: string): Promise<SiteView> {
    const entry = open.get(siteId);
    if (entry?.refreshing) return entry.refreshing;
    const running = doRefresh(siteId).then((view) => {
      if (open.has(siteId)) {
        options.onChange(view);
        schedule(siteId);
      }
      return view;
    });
    if (entry) {
      entry.refreshing = running;
      void running.finally(() => {
        if (entry.refreshing === running) entry.refreshing = null;
      }).catch(() => undefined);
    }
    return running;
  }

  return {
    async open(siteId: string): Promise<SiteView> {
      const current = options.current();
      if (!current) throw new ConsoleError('invalid-state', 'Sign in to see this site.');
      if (!open.has(siteId)) open.set(siteId, { timer: null, refreshing: null });
      const cached = await cachedView(current.cache, siteId);
      // A review has no session to refetch with: the cached copy is the page.
      if (current.session) void refresh(siteId).catch(() => undefined);
      return { ...cached, refreshing: options.isOnline() };
    },
    /** Fetches now; only an open site keeps being refreshed afterwards. */
    refresh(siteId: string): Promise<SiteView> {
      return refresh(siteId);
    },
    close(siteId: string): boolean {
      const entry = open.get(siteId);
      if (!entry) return false;
      if (entry.timer) clearTimeout(entry.timer);
      open.delete(siteId);
      return true;
    },
    /** Hints and reconnects: refetch the open sites among these (all open ones when omitted). */
    refreshOpen(siteIds?: string[]): void {
      for (const siteId of siteIds ?? [...open.keys()]) if (open.has(siteId)) void refresh(siteId).catch(() => undefined);
    },
    closeAll(): void {
      for (const siteId of [...open.keys()]) this.close(siteId);
    },
  };
}

export type SiteWatcher = ReturnType<typeof createSiteWatcher>;

function refreshFailure(error: unknown, log: SiteWatcherOptions['log']) {
  if (!isConsoleError(error)) {
    log('error', 'site refresh crashed', { error: String(error) });
    return new ConsoleError('internal', 'The site could not be refreshed. The details are in the console log.').toPayload();
  }
  // Out-of-scope sites answer 404 on purpose (they must not reveal that they exist).
  if (error.code === 'not-found') return new ConsoleError('not-found', 'This site is not visible to your account, or it no longer exists.').toPayload();
  return error.toPayload();
}
