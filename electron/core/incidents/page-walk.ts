import { ConsoleError } from '#shared/errors.ts';
import { IncidentPageSchema, parseIncidentPage, type IncidentRow, type RejectedRow } from '#shared/incidents/index.ts';
import type { ApiClient } from '../api/client.ts';
import type { PageValidator } from './incident-store.ts';

export const INCIDENT_PAGE_SIZE = 200;
const MAX_PAGES = 20_000;
const MAX_STEP_BACKS = 50;

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
  onPage?: () => void;
}

export interface WalkResult {
  rows: IncidentRow[];
  /** Every id the walked pages list, also those a 304 vouched for. */
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
}

export function pageUrl(query: Record<string, string>, offset: number): string {
  const params = new URLSearchParams({ ...query, limit: String(INCIDENT_PAGE_SIZE), offset: String(offset) });
  params.sort();
  return `/api/dashboard/incidents?${params}`;
}

/**
 * Reads a newest-first incident list page by page. Offsets shift while it reads: a new incident at the
 * head pushes every row one place down, so a later page repeats rows (they are deduplicated), and a row
 * that leaves the list pulls every row up, so a later page would skip one. Each page therefore starts
 * on the previous page's last row; when that row is not on the next page the list moved up, and the
 * walk steps back a page. A page answered 304 lists the ids it listed when its ETag was stored.
 */
export async function walkIncidentPages(options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { rows: [], seenIds: new Set(), validators: [], rejected: [], requests: 0, notModified: 0, finished: false, nextOffset: 0, firstPageUnchanged: false };
  const byId = new Map<string, IncidentRow>();
  let offset = options.startOffset ?? 0;
  let previousLast: string | null = null;
  let stepBacks = 0;
  for (let pages = 0; pages < Math.min(options.maxPages ?? MAX_PAGES, MAX_PAGES); pages += 1) {
    options.onPage?.();
    const url = pageUrl(options.query, offset);
    const stored = (await options.validators([url]))[url] ?? null;
    result.requests += 1;
    const response = await options.api.getJson('/api/dashboard/incidents', IncidentPageSchema, {
      token: options.token,
      etag: stored?.etag ?? null,
      query: { ...options.query, limit: INCIDENT_PAGE_SIZE, offset },
    });
    let ids: string[];
    let lastCreated: string | null = null;
    if (response.status === 304) {
      if (!stored) throw new ConsoleError('bad-response', 'Central Command answered "not modified" for an incident page the console holds no copy of.');
      result.notModified += 1;
      if (pages === 0) result.firstPageUnchanged = true;
      ids = stored.ids;
    } else {
      const parsed = parseIncidentPage(response.data);
      ids = response.data.map((row) => rawId(row));
      for (const rejected of parsed.rejected) result.rejected.push({ ...rejected, index: offset + rejected.index });
      for (const row of parsed.rows) byId.set(row.id, row);
      lastCreated = parsed.rows[parsed.rows.length - 1]?.created_at ?? null;
      if (response.etag) result.validators.push({ url, etag: response.etag, ids });
    }
    if (previousLast !== null && ids.length > 0 && !ids.includes(previousLast)) {
      // The list moved up under the walk: rows between the pages may have been skipped.
      if (++stepBacks > MAX_STEP_BACKS) throw new ConsoleError('bad-response', 'The incident list kept changing under the sync; it will try again.');
      offset = Math.max(0, offset - INCIDENT_PAGE_SIZE);
      previousLast = null;
      continue;
    }
    for (const id of ids) if (id !== '') result.seenIds.add(id);
    const stopTime = options.stopBefore ?? null;
    if (ids.length < INCIDENT_PAGE_SIZE || (stopTime !== null && lastCreated !== null && lastCreated < stopTime) || (pages === 0 && result.firstPageUnchanged && stopTime !== null)) {
      result.finished = true;
      break;
    }
    previousLast = ids[ids.length - 1]!;
    offset += ids.length - 1;
    result.nextOffset = offset;
  }
  result.rows = [...byId.values()];
  return result;
}

function rawId(row: unknown): string {
  const id = typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.toLowerCase() : '';
}
