import { isConsoleError } from '#shared/errors.ts';
import { IncidentDetailSchema, type RejectedRow } from '#shared/incidents/index.ts';
import type { ApiClient } from '../api/client.ts';
import { apiPath, pathId } from '../api/api-path.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import type { Log } from '../log.ts';
import { toIncidentDetailRecord, toIncidentRecord, type IncidentDetailRecord } from './incident-records.ts';
import { INCIDENTS_SYNCED_AT, type PageValidator } from './incident-store.ts';
import { pageUrl, walkIncidentPages, type WalkResult } from './page-walk.ts';

export interface IncidentSyncProgress {
  step: string;
  done: number;
  total: number;
}

export interface IncidentSyncResult {
  requests: number;
  notModified: number;
  inserted: number;
  updated: number;
  removed: number;
  details: number;
  rejected: RejectedRow[];
  /** True when nothing in the cache was rewritten. */
  unchanged: boolean;
}

export interface IncidentSyncOptions {
  api: ApiClient;
  token: string;
  cache: CacheClient;
  now?: () => Date;
  onProgress?: (progress: IncidentSyncProgress) => void;
  log?: Log;
  /** Details fetched per cycle (Central Command rate-limits every account); default 50. */
  detailBudget?: number;
  detailConcurrency?: number;
  /** Reconciliation pages per cycle; default 4. */
  reconcilePages?: number;
  /** List pages in flight at once (each walk ramps up to it); default 4. */
  pageConcurrency?: number;
  /** Rows written per transaction by the head and open passes; default WALK_BATCH_ROWS (a first sync: BULK_BATCH_ROWS). */
  writeBatchRows?: number;
}

const HEAD_WATERMARK = 'incident_head_watermark';
const RECONCILE_CURSOR = 'incident_reconcile_cursor';
const DAY_MS = 86_400_000;
const DEFAULT_PAGE_CONCURRENCY = 4;
/**
 * Rows a first sync writes per transaction: each commit rewrites the pages the batch touched across the
 * random ids' index and the FTS segments, so fewer, larger batches write less (the walk holds two).
 */
const BULK_BATCH_ROWS = 20_000;

/**
 * One incident sync cycle. Central Command's list has no `since`, cursor or total and shifts while it
 * is read, so the cycle is four passes, written in transactions of a batch of pages each:
 * 1. head: newest pages until one ends before the newest incident a finished head pass saw (into an
 *    empty cache, the bulk insert, with the secondary indexes built once at the end of the pass);
 * 2. open: every page of `resolved=false`, so a resolution is seen within one cycle; a cached open
 *    incident the pass no longer lists is confirmed by its detail (404: gone from this account's view);
 * 3. reconcile: a few pages of sites' resolved incidents, where pages rarely shift and ETags answer
 *    304; a cached incident of the stretch they cover that they no longer list is confirmed the same way;
 * 4. details for open and recent incidents, at bounded concurrency.
 * List pages are fetched a few at a time (overlap-checked in order, see walkIncidentPages).
 */
export async function syncIncidents(options: IncidentSyncOptions): Promise<IncidentSyncResult> {
  const { api, token, cache } = options;
  const pageConcurrency = options.pageConcurrency ?? DEFAULT_PAGE_CONCURRENCY;
  const reconcilePages = options.reconcilePages ?? 4;
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const result: IncidentSyncResult = { requests: 0, notModified: 0, inserted: 0, updated: 0, removed: 0, details: 0, rejected: [], unchanged: true };
  const progress = { done: 0, total: 4 };
  const report = (step: string) => options.onProgress?.({ step, done: progress.done, total: Math.max(progress.total, progress.done) });
  const validators = (urls: string[]) => cache.incidentValidators(urls);
  const account = (walk: WalkResult) => {
    result.requests += walk.requests;
    result.notModified += walk.notModified;
    result.rejected.push(...walk.rejected);
  };
  const write = async (input: Parameters<CacheClient['writeIncidents']>[0]) => {
    const empty = input.rows.length === 0 && !input.buildIndexes && !input.details?.length && !input.removeIds?.length && !input.validators?.length && Object.keys(input.meta ?? {}).length === 0;
    if (empty) return;
    const counts = await cache.writeIncidents(input);
    result.inserted += counts.inserted;
    result.updated += counts.updated;
    result.removed += counts.removed;
    result.details += input.details?.length ?? 0;
    if (counts.inserted + counts.updated + counts.removed > 0 || (input.details?.length ?? 0) > 0) result.unchanged = false;
  };

  // 1. Head, written a batch at a time. Its first page's ETag and the watermark are saved only once the
  // walk is done: a 304 there ends the next head at once, which is only right when every row it read landed.
  const watermark = await cache.getMeta(HEAD_WATERMARK);
  const bulk = watermark === null && (await cache.newestIncidentAt()) === null;
  const headUrl = pageUrl({}, 0);
  let headValidator: PageValidator | null = null;
  let head: WalkResult;
  try {
    head = await walkIncidentPages({
      api, token, query: {}, validators, stopBefore: watermark, concurrency: pageConcurrency, batchRows: options.writeBatchRows ?? (bulk ? BULK_BATCH_ROWS : undefined),
      // Into an empty cache, the indexes wait for the end of the pass (incident-deferred-indexes.ts).
      onBatch: async (batch) => {
        headValidator ??= batch.validators.find((validator) => validator.url === headUrl) ?? null;
        await write({ rows: batch.rows.map(toIncidentRecord), bulk, deferIndexes: bulk, now: now() });
      },
      onPage: () => (progress.done++, report('new incidents')),
    });
  } catch (error) {
    // A first sync cut short still leaves an indexed cache; should this write fail too (the cache closed
    // under it), the next open builds them.
    if (bulk) await cache.writeIncidents({ rows: [], buildIndexes: true, now: now() }).catch(() => undefined);
    throw error;
  }
  account(head);
  const advanced = head.newest !== null && (watermark === null || head.newest > watermark);
  const headEnd = advanced || headValidator !== null || bulk
    ? write({ rows: [], validators: headValidator ? [headValidator] : [], meta: advanced ? { [HEAD_WATERMARK]: head.newest! } : {}, buildIndexes: bulk, now: now() })
    : Promise.resolve();

  // 2. Open incidents, every page every cycle (conditional, concurrent): a resolution is seen within one.
  // It starts while the head's last write runs (after a first sync, the index build: seconds alone in
  // the writer). Every head row has landed by then, so the reader lists them; the pass's own writes
  // queue behind that write in the writer.
  const openPass = (async () => {
    const cachedOpen = await cache.openIncidentIds();
    const walk = await walkIncidentPages({
      api, token, query: { resolved: 'false' }, validators, concurrency: pageConcurrency, batchRows: options.writeBatchRows, collectIds: true, expectedRows: cachedOpen.length,
      onBatch: (batch) => write({ rows: batch.rows.map(toIncidentRecord), validators: batch.validators, now: now() }),
      onPage: () => (progress.done++, report('open incidents')),
    });
    return { cachedOpen, open: walk };
  })();
  const [, { cachedOpen, open }] = await bothSettled(headEnd, openPass);
  account(open);
  if (open.finished) {
    const vanished = cachedOpen.filter((id) => !open.seenIds.has(id));
    const confirmed = await fetchDetails(vanished);
    await write({ rows: [], details: confirmed.details, removeIds: confirmed.missing, now: now() });
  }

  // 3. Reconciliation: sites' resolved incidents, a few pages a cycle (from as many sites as they reach),
  // resuming where the last cycle stopped. A cached incident of the stretch the pages cover that they no
  // longer list is confirmed by its detail.
  const cachedSites = reconcilePages > 0 ? await cache.incidentSites() : [];
  const sites = cachedSites.map((site) => site.siteId);
  let cursor = readCursor(await cache.getMeta(RECONCILE_CURSOR), sites);
  for (let budget = reconcilePages, visited = 0; sites.length > 0 && budget > 0 && visited < sites.length; visited++) {
    const siteId = sites[cursor.site]!;
    const cachedResolved = cachedSites[cursor.site]!.resolved;
    let next = { site: (cursor.site + 1) % sites.length, offset: 0 };
    try {
      const slice = await walkIncidentPages({
        api, token, query: { site_id: siteId, resolved: 'true' }, validators, startOffset: cursor.offset, maxPages: budget,
        concurrency: Math.min(pageConcurrency, budget), collectIds: true, expectedRows: Math.max(0, cachedResolved - cursor.offset),
        onPage: () => (progress.done++, report('older incidents')),
      });
      account(slice);
      budget -= slice.requests;
      await write({ rows: slice.rows.map(toIncidentRecord), validators: slice.validators, now: now() });
      const unlisted = await cache.incidentsUnlisted({ siteId, resolved: true, listedIds: [...slice.seenIds], fromStart: cursor.offset === 0, toEnd: slice.finished });
      const confirmed = await fetchDetails(unlisted);
      if (!slice.finished) next = { site: cursor.site, offset: slice.nextOffset };
      await write({ rows: [], details: confirmed.details, removeIds: confirmed.missing, meta: { [RECONCILE_CURSOR]: JSON.stringify({ siteId: sites[next.site], offset: next.offset }) }, now: now() });
    } catch (error) {
      // A site that left this account's view: the open and head passes keep its incidents right; move on.
      if (!isConsoleError(error, 'not-found')) throw error;
      budget -= 1;
      await cache.setMeta(RECONCILE_CURSOR, JSON.stringify({ siteId: sites[next.site], offset: 0 }));
    }
    if (next.site === cursor.site) break; // the budget ran out inside this site's slice
    cursor = next;
  }

  // 4. Details for open incidents and the last N days.
  const settings = await cache.incidentSettings();
  const since = new Date(Date.parse(now()) - settings.detailDays * DAY_MS).toISOString();
  const wanted = await cache.incidentsNeedingDetail(since, options.detailBudget ?? 50);
  if (wanted.length > 0) {
    const fetched = await fetchDetails(wanted);
    await write({ rows: [], details: fetched.details, removeIds: fetched.missing, now: now() });
  }
  await cache.setMeta(INCIDENTS_SYNCED_AT, now());
  progress.total = progress.done;
  report('incidents');
  return result;

  async function fetchDetails(ids: string[]): Promise<{ details: IncidentDetailRecord[]; missing: string[] }> {
    const details: IncidentDetailRecord[] = [];
    const missing: string[] = [];
    progress.total += ids.length;
    await eachBounded(ids, options.detailConcurrency ?? 4, async (id) => {
      const detail = await fetchIncidentDetail(api, token, id, now());
      result.requests += 1;
      progress.done += 1;
      report('incident details');
      if (detail === null) missing.push(id);
      else details.push(detail);
    });
    return { details, missing };
  }
}

/** One incident's detail, or null when Central Command answers 404 (gone, or outside this account's scope: normal, not an error). */
export async function fetchIncidentDetail(api: ApiClient, token: string, id: string, fetchedAt: string): Promise<IncidentDetailRecord | null> {
  try {
    const response = await api.getJson(apiPath`/api/dashboard/incidents/${pathId('incident', id)}`, IncidentDetailSchema, { token });
    if (response.status !== 200) return null;
    return toIncidentDetailRecord(response.data, fetchedAt);
  } catch (error) {
    if (isConsoleError(error, 'not-found')) return null;
    throw error;
  }
}

/** Waits for both, then throws the first one's error if it failed, else the second's. */
async function bothSettled<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

function readCursor(text: string | null, sites: string[]): { site: number; offset: number } {
  try {
    const value = JSON.parse(text ?? 'null') as { siteId?: unknown; offset?: unknown } | null;
    const site = sites.indexOf(typeof value?.siteId === 'string' ? value.siteId : '');
    if (site === -1) return { site: 0, offset: 0 };
    return { site, offset: Number.isInteger(value?.offset) && (value!.offset as number) >= 0 ? (value!.offset as number) : 0 };
  } catch {
    return { site: 0, offset: 0 };
  }
}

async function eachBounded<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
