import { ConsoleError } from '#shared/errors.ts';
import { IncidentPageSchema, parseIncidentPage, type IncidentRow, type RejectedRow } from '#shared/incidents/index.ts';
import type { ApiClient } from '../api/client.ts';
import type { PageValidator } from './incident-store.ts';

export const INCIDENT_PAGE_SIZE = 200;
const MAX_PAGES = 20_000;
const MAX_STEP_BACKS = 50;
/**
 * The most rows of a tie a page boundary overlaps (see walkIncidentPages); past a wider tie the next page
 * starts on its last row unchecked, and what the API's order of it leaves out falls to the reconciliation.
 */
const MAX_TIE_OVERLAP = INCIDENT_PAGE_SIZE / 2;
/** Rows handed to `onBatch` at a time: what a walk holds in memory, and what one transaction writes. */
export const WALK_BATCH_ROWS = 5_000;
/**
 * While the writer is idle, a batch is handed over once it holds this many rows instead of a full one:
 * a first sync's writer starts on its first pages (after ~80 ms, not the ~360 ms 20,000 rows take to
 * arrive), and the batches grow by themselves while it is busy (BENCHMARKS, seventh round: −7 %).
 */
export const EARLY_BATCH_ROWS = 2_000;
/**
 * Pages whose stored ETags one lookup reads ahead (the walk's next offsets, within the rows it expects):
 * a round trip to the cache reader per page cost ~1.5 ms of the steady state's open pass, 40 a cycle.
 */
const VALIDATOR_LOOKAHEAD_PAGES = 64;

export interface WalkBatch {
  rows: IncidentRow[];
  /** The ETags of the pages these rows came from (written with them). */
  validators: PageValidator[];
}

export interface WalkOptions {
  api: ApiClient;
  token: string;
  /** Filters for the list: site_id, resolved. */
  query: Record<string, string>;
  validators: (urls: string[]) => Promise<Record<string, PageValidator>>;
  /** Stop once a page ends before this time (the head sync reached what is cached). */
  stopBefore?: string | null;
  /** Stop after this many pages (the slow reconciliation's share of a cycle); the walk is then unfinished. */
  maxPages?: number;
  startOffset?: number;
  /**
   * Most pages in flight at once. The walk starts with one and doubles up to this while pages keep
   * coming full, so a walk that ends on its first page (the usual head) costs one request.
   */
  concurrency?: number;
  /**
   * Receives the rows in batches as the walk goes, instead of in the result: a first sync of a
   * million incidents never holds them all. The walk reads on while a batch is written, and waits for
   * it before handing the next (and before it returns or throws).
   */
  onBatch?: (batch: WalkBatch) => Promise<void>;
  /** Rows per batch; default WALK_BATCH_ROWS. */
  batchRows?: number;
  /** Rows a batch hands over early while the writer is idle; default EARLY_BATCH_ROWS (never more than `batchRows`). */
  earlyBatchRows?: number;
  /**
   * How many rows the list is expected to hold (the open pass knows how many it cached): pages beyond
   * it are fetched one at a time, so a list that did not grow costs no request past its end.
   */
  expectedRows?: number;
  /** Keep every listed id in `seenIds` (the open pass and reconciliation compare them with the cache). */
  collectIds?: boolean;
  onPage?: () => void;
}

export interface WalkResult {
  /** The rows read, deduplicated; empty when they went to `onBatch`. */
  rows: IncidentRow[];
  /** Every id the walked pages list, also those a 304 vouched for (when `collectIds`). */
  seenIds: Set<string>;
  validators: PageValidator[];
  rejected: RejectedRow[];
  requests: number;
  notModified: number;
  /** True when the walk reached the end of the list (or the stop time). */
  finished: boolean;
  nextOffset: number;
  /** The first page answered 304. */
  firstPageUnchanged: boolean;
  /** The newest created_at among the rows read (the head's next watermark). */
  newest: string | null;
  /** The oldest created_at the walk covered, from rows it read (reconciliation compares the cache up to it). */
  oldest: string | null;
}

export function pageUrl(query: Record<string, string>, offset: number): string {
  const params = new URLSearchParams({ ...query, limit: String(INCIDENT_PAGE_SIZE), offset: String(offset) });
  params.sort();
  return `/api/dashboard/incidents?${params}`;
}

interface FetchedPage {
  offset: number;
  url: string;
  ids: string[];
  rows: IncidentRow[];
  rejected: RejectedRow[];
  validator: PageValidator | null;
  notModified: boolean;
  lastCreated: string | null;
  /** The ids of the page's last rows that share the last row's reported_at (the last id alone for a 304, whose times are not at hand). */
  trailingTie: string[];
}

/**
 * Reads a newest-first incident list page by page. Offsets shift while it reads: a new incident at the
 * head pushes every row one place down, so a later page repeats rows (they are deduplicated), and a row
 * that leaves the list pulls every row up, so a later page would skip one. Each page therefore starts
 * on the previous page's last row; when that row is not on the next page the list moved up, and the
 * walk steps back a page (dropping the pages fetched ahead). The list is ordered by reported_at alone,
 * and rows that tie (a check-in reports several at once) come back in any order from one request to
 * the next, so a tie the boundary cuts could lose a row to both pages: the next page then starts on the
 * tie's first row, and every row of it must be on that page. Pages ahead are fetched concurrently on
 * the assumption that nothing shifted and no tie was cut, and checked in order. A page answered 304
 * lists the ids it listed when its ETag was stored.
 */
export async function walkIncidentPages(options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = {
    rows: [], seenIds: new Set(), validators: [], rejected: [], requests: 0, notModified: 0, finished: false, nextOffset: 0, firstPageUnchanged: false, newest: null, oldest: null,
  };
  const maxPages = Math.min(options.maxPages ?? MAX_PAGES, MAX_PAGES);
  const maxInFlight = Math.max(1, options.concurrency ?? 1);
  let batch = new Map<string, IncidentRow>();
  let batchValidators: PageValidator[] = [];
  // Ids of the page before, to drop the rows a shift repeats after a batch was handed over.
  let previousIds = new Set<string>();
  // The batch being written: the walk reads on meanwhile (the writer is another thread), and waits
  // for it before handing the next, so it holds at most two batches and they land in order.
  let writing: Promise<void> = Promise.resolve();
  let writerIdle = true;
  const batchRows = options.batchRows ?? WALK_BATCH_ROWS;
  const earlyBatchRows = Math.min(batchRows, options.earlyBatchRows ?? EARLY_BATCH_ROWS);
  const flush = async () => {
    if (!options.onBatch || (batch.size === 0 && batchValidators.length === 0)) return;
    const rows = [...batch.values()];
    const validators = batchValidators;
    batch = new Map();
    batchValidators = [];
    await writing;
    writerIdle = false;
    writing = options.onBatch({ rows, validators });
    // Awaited before the next batch or at the end; a failure must not go unhandled meanwhile.
    writing.then(() => (writerIdle = true), () => undefined);
  };

  let ahead: Array<{ offset: number; page: Promise<FetchedPage> }> = [];
  let inFlight = 1;
  let nextOffset = options.startOffset ?? 0;
  // The previous page's last rows that the next page must list too (its trailing tie, or its last row).
  let overlap: string[] = [];
  let stepBacks = 0;
  let pages = 0;
  const expectedEnd = options.expectedRows === undefined ? Infinity : (options.startOffset ?? 0) + options.expectedRows;
  const validatorOf = storedValidators(options.query, options.validators, (offset) => {
    const limit = Math.min(VALIDATOR_LOOKAHEAD_PAGES, maxPages - pages, expectedEnd === Infinity ? maxInFlight : Math.ceil((expectedEnd - offset) / (INCIDENT_PAGE_SIZE - 1)));
    return Array.from({ length: Math.max(1, limit) }, (_, page) => offset + page * (INCIDENT_PAGE_SIZE - 1));
  });
  const plan = () => {
    while (ahead.length < inFlight && pages + ahead.length < maxPages && (ahead.length === 0 || nextOffset < expectedEnd)) {
      const offset = nextOffset;
      const page = fetchPage(options, offset, validatorOf);
      page.catch(() => undefined); // awaited in order below; a failure ahead must not go unhandled meanwhile
      ahead.push({ offset, page });
      result.requests += 1;
      nextOffset += INCIDENT_PAGE_SIZE - 1;
    }
  };
  const dropAhead = () => {
    ahead = [];
  };

  try {
    plan();
    while (ahead.length > 0) {
      const { offset, page: pending } = ahead.shift()!;
      const page = await pending;
      options.onPage?.();
      if (page.notModified) {
        result.notModified += 1;
        if (pages === 0) result.firstPageUnchanged = true;
      }
      if (overlap.length > 0 && page.ids.length > 0 && !overlap.every((id) => page.ids.includes(id))) {
        // The list moved up under the walk: rows between the pages may have been skipped.
        if (++stepBacks > MAX_STEP_BACKS) throw new ConsoleError('bad-response', 'The incident list kept changing under the sync; it will try again.');
        dropAhead();
        nextOffset = Math.max(0, offset - INCIDENT_PAGE_SIZE);
        overlap = [];
        inFlight = 1;
        plan();
        continue;
      }
      pages += 1;
      for (const rejected of page.rejected) result.rejected.push(rejected);
      for (const row of page.rows) {
        if (options.onBatch && previousIds.has(row.id) && !batch.has(row.id)) continue;
        batch.set(row.id, row);
        if (result.newest === null || row.created_at > result.newest) result.newest = row.created_at;
        if (result.oldest === null || row.created_at < result.oldest) result.oldest = row.created_at;
      }
      if (page.validator) {
        batchValidators.push(page.validator);
        if (!options.onBatch) result.validators.push(page.validator);
      }
      if (options.collectIds) for (const id of page.ids) if (id !== '') result.seenIds.add(id);
      previousIds = new Set(page.ids);
      const stopTime = options.stopBefore ?? null;
      if (
        page.ids.length < INCIDENT_PAGE_SIZE ||
        (stopTime !== null && page.lastCreated !== null && page.lastCreated < stopTime) ||
        (pages === 1 && page.notModified && stopTime !== null)
      ) {
        result.finished = true;
        dropAhead();
        break;
      }
      // A tie wider than MAX_TIE_OVERLAP is not overlapped whole, and its last row may be anywhere in it on the
      // next page: nothing is checked there (the reconciliation's smaller slices read such a tie whole).
      const tie = page.trailingTie.length <= MAX_TIE_OVERLAP ? page.trailingTie : [];
      overlap = tie.filter((id) => id !== '');
      result.nextOffset = offset + page.ids.length - Math.max(1, tie.length);
      if (tie.length > 1) {
        // The pages fetched ahead start one row back, inside the tie: read on from its first row instead.
        dropAhead();
        nextOffset = result.nextOffset;
      }
      if (options.onBatch && (batch.size >= batchRows || (writerIdle && batch.size >= earlyBatchRows))) await flush();
      inFlight = Math.min(maxInFlight, inFlight * 2);
      plan();
    }
    await flush();
    await writing;
  } finally {
    dropAhead();
    // A walk cut short returns only once the batch it handed over has landed (or failed).
    await writing.catch(() => undefined);
  }
  if (!options.onBatch) result.rows = [...batch.values()];
  return result;
}

/**
 * The stored ETag of a page, read with those of the pages the walk would fetch after it (`ahead`) in one
 * lookup. A validator read early cannot mislead: its ETag and ids were stored together, so a 304 for it
 * vouches for exactly those ids, however long ago they were read.
 */
function storedValidators(
  query: Record<string, string>,
  lookup: WalkOptions['validators'],
  ahead: (offset: number) => number[],
): (offset: number) => Promise<PageValidator | null> {
  const read = new Map<string, Promise<PageValidator | null>>();
  return (offset) => {
    const url = pageUrl(query, offset);
    const known = read.get(url);
    if (known) return known;
    // `ahead` starts at `offset`, whose url is not read yet.
    const urls = ahead(offset).map((at) => pageUrl(query, at)).filter((at) => !read.has(at));
    const found = lookup(urls);
    for (const at of urls) {
      const validator = found.then((validators) => validators[at] ?? null);
      validator.catch(() => undefined); // a failed lookup fails the page that awaits it; the others may never be fetched
      read.set(at, validator);
    }
    return read.get(url)!;
  };
}

async function fetchPage(options: WalkOptions, offset: number, validatorOf: (offset: number) => Promise<PageValidator | null>): Promise<FetchedPage> {
  const url = pageUrl(options.query, offset);
  const stored = await validatorOf(offset);
  const response = await options.api.getJson('/api/dashboard/incidents', IncidentPageSchema, {
    token: options.token,
    etag: stored?.etag ?? null,
    query: { ...options.query, limit: INCIDENT_PAGE_SIZE, offset },
  });
  if (response.status === 304) {
    if (!stored) throw new ConsoleError('bad-response', 'Central Command answered "not modified" for an incident page the console holds no copy of.');
    return { offset, url, ids: stored.ids, rows: [], rejected: [], validator: null, notModified: true, lastCreated: null, trailingTie: stored.ids.slice(-1) };
  }
  const parsed = parseIncidentPage(response.data);
  const ids = response.data.map((row) => rawId(row));
  return {
    offset,
    url,
    ids,
    rows: parsed.rows,
    rejected: parsed.rejected.map((rejected) => ({ ...rejected, index: offset + rejected.index })),
    validator: response.etag ? { url, etag: response.etag, ids } : null,
    notModified: false,
    lastCreated: parsed.rows[parsed.rows.length - 1]?.created_at ?? null,
    trailingTie: trailingTie(response.data, ids),
  };
}

/** The ids of the last rows whose reported_at (created_at, as sent) is the last row's. */
function trailingTie(rows: readonly unknown[], ids: readonly string[]): string[] {
  const reportedAt = (row: unknown) => (typeof row === 'object' && row !== null ? (row as { created_at?: unknown }).created_at : undefined);
  const last = reportedAt(rows[rows.length - 1]);
  if (typeof last !== 'string') return ids.slice(-1);
  let start = rows.length - 1;
  while (start > 0 && reportedAt(rows[start - 1]) === last) start--;
  return ids.slice(start);
}

function rawId(row: unknown): string {
  const id = typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.toLowerCase() : '';
}
