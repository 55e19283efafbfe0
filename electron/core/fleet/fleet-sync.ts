import type { ZodType } from 'zod';
import { ConsoleError } from '#shared/errors.ts';
import { FleetPageSchema, GlobalStatsSchema, SitesPageSchema } from '#shared/fleet/index.ts';
import type { ApiClient } from '../api/client.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { FLEET_PAGE_URLS, FLEET_SYNCED_AT } from '../cache/cache-operations.ts';
import { toFleetStats, toSiteHealthRecord, toSiteRecord, toSiteRecordFromOverview } from './fleet-records.ts';

export interface SyncProgress {
  step: string;
  done: number;
  total: number;
}

export interface FleetSyncResult {
  changed: boolean;
  requests: number;
  notModified: number;
  /** Sites written; null when nothing changed and nothing was rewritten. */
  siteCount: number | null;
  syncedAt: string;
}

interface FetchedPage<T> {
  url: string;
  etag: string | null;
  body: string;
  data: T;
  changed: boolean;
}

const PAGE_SIZE = 500;
// A fleet of 500 × 1000 sites is far beyond any MSP; a server that keeps paging past that is misbehaving.
const MAX_PAGES = 1000;

/**
 * One fleet sync: every page of /api/dashboard/fleet and /api/sites plus
 * /api/dashboard/stats, each with If-None-Match. Everything is fetched and parsed first, then
 * written in one transaction — a failure anywhere leaves the previous cache as it was.
 * When every answer is a 304, nothing is rewritten.
 */
export async function syncFleet(options: {
  api: ApiClient;
  token: string;
  cache: CacheClient;
  now?: () => Date;
  onProgress?: (progress: SyncProgress) => void;
}): Promise<FleetSyncResult> {
  const { api, token, cache } = options;
  let requests = 0;
  let notModified = 0;
  const progress = { done: 0, total: 3 };
  const report = (step: string) => options.onProgress?.({ step, done: progress.done, total: progress.total });

  async function fetchPage<T>(path: string, schema: ZodType<T>, query: Record<string, number>): Promise<FetchedPage<T>> {
    const url = `${path}?${new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]))}`;
    const cached = (await cache.getHttpCache([url])).get(url) ?? null;
    requests += 1;
    const response = await api.getJson(path, schema, { token, etag: cached?.etag ?? null, query });
    progress.done += 1;
    if (response.status === 200) return { url, etag: response.etag, body: response.body, data: response.data, changed: true };
    notModified += 1;
    if (!cached) throw new ConsoleError('bad-response', `Central Command answered "not modified" for ${path} although the console holds no copy of it.`);
    return { url, etag: response.etag ?? cached.etag, body: cached.body, data: parseCached(schema, cached.body, path), changed: false };
  }

  /**
   * Pages through a list; the next offset advances by the rows actually received, so a server that
   * caps the page size below the requested limit is still read to the end.
   */
  async function fetchAllPages<T>(
    path: string,
    schema: ZodType<T>,
    step: string,
    rowsIn: (data: T) => number,
    isLastPage: (data: T, offsetAfter: number) => boolean,
    pagesExpected: (data: T) => number,
  ) {
    const pages: FetchedPage<T>[] = [];
    for (let offset = 0, index = 0; index < MAX_PAGES; index += 1) {
      report(step);
      const page = await fetchPage(path, schema, { limit: PAGE_SIZE, offset });
      if (index === 0) progress.total += Math.max(0, pagesExpected(page.data) - 1);
      pages.push(page);
      const rows = rowsIn(page.data);
      offset += rows;
      if (rows === 0 || isLastPage(page.data, offset)) return pages;
    }
    throw new ConsoleError('bad-response', `Central Command kept sending pages of ${path}; the sync stopped after ${MAX_PAGES}.`);
  }

  const sitesPages = await fetchAllPages(
    '/api/sites',
    SitesPageSchema,
    'sites',
    (data) => data.sites.length,
    (data, offsetAfter) => offsetAfter >= data.total,
    (data) => Math.max(1, Math.ceil(data.total / PAGE_SIZE)),
  );
  const fleetPages = await fetchAllPages(
    '/api/dashboard/fleet',
    FleetPageSchema,
    'fleet health',
    (data) => data.length,
    // A bare array without a total: a short page is the last one.
    (data) => data.length < PAGE_SIZE,
    // The fleet list is a bare array without a total; the sites total is the best estimate.
    () => Math.max(1, Math.ceil((sitesPages[0]?.data.total ?? 0) / PAGE_SIZE)),
  );
  report('global stats');
  const stats = await fetchPage('/api/dashboard/stats', GlobalStatsSchema, {});

  const allPages: Array<FetchedPage<unknown>> = [...sitesPages, ...fleetPages, stats];
  const syncedAt = (options.now?.() ?? new Date()).toISOString();
  // The last page may move when sites are added or removed while every page still answers 304.
  const pageSet = JSON.stringify(allPages.map((page) => page.url));
  const changed = allPages.some((page) => page.changed) || (await cache.getMeta(FLEET_PAGE_URLS)) !== pageSet;
  const siteRows = sitesPages.flatMap((page) => page.data.sites);
  if (!changed) {
    await cache.setMeta(FLEET_SYNCED_AT, syncedAt);
    return { changed, requests, notModified, siteCount: null, syncedAt };
  }
  const overviews = fleetPages.flatMap((page) => page.data);
  const sites = dedupeBy([...overviews.map(toSiteRecordFromOverview), ...siteRows.map(toSiteRecord)], (record) => record.siteId);
  const health = dedupeBy(overviews.map(toSiteHealthRecord), (record) => record.siteId);
  await cache.replaceFleet({
    sites,
    health,
    stats: toFleetStats(stats.data),
    httpCache: allPages.map((page) => ({ url: page.url, etag: page.etag, body: page.body })),
    syncedAt,
  });
  await cache.setMeta(FLEET_PAGE_URLS, pageSet);
  return { changed, requests, notModified, siteCount: sites.length, syncedAt };
}

function parseCached<T>(schema: ZodType<T>, body: string, path: string): T {
  const parsed = schema.safeParse(JSON.parse(body));
  if (!parsed.success) throw new ConsoleError('bad-response', `The cached copy of ${path} no longer matches what the console expects; it will be fetched again.`);
  return parsed.data;
}

/** Offset paging over a list that changes between pages can repeat a row; the later copy wins. */
function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}
