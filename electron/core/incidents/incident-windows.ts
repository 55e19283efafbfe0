import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { IncidentQuery, IncidentSortKey } from '#shared/incidents/index.ts';
import type { SortDirection } from '#shared/paging/paged-query.ts';
import { whereClause } from './incident-rows.ts';
import { prepared } from '../cache/prepared-statements.ts';

type Connection = Database.Database;
/** A row's position in a sort: its sort value (unless the sort is by time), its time and its rowid. */
export type SortKeys = Array<string | number>;

const SORT_COLUMNS: Record<IncidentSortKey, string> = {
  createdAt: 'i.created_at',
  severity: 'i.severity_rank',
  checkType: 'i.check_type',
  siteId: 'i.site_id',
};

/** A sort as SQL: the columns that order it (ties broken by time, then row) in one direction. */
export interface IncidentSort {
  columns: string[];
  direction: 'ASC' | 'DESC';
  /** `ORDER BY` terms. */
  order: string;
  /** The columns selected as k0, k1, …: a row's SortKeys. */
  keys: string;
}

export function incidentSort(sortBy: IncidentSortKey, sortDir: SortDirection): IncidentSort {
  const columns = sortBy === 'createdAt' ? ['i.created_at', 'i.rowid'] : [SORT_COLUMNS[sortBy], 'i.created_at', 'i.rowid'];
  const direction = sortDir === 'asc' ? 'ASC' : 'DESC';
  return {
    columns,
    direction,
    order: columns.map((column) => `${column} ${direction}`).join(', '),
    keys: columns.map((column, index) => `${column} AS k${index}`).join(', '),
  };
}

/** The condition "after the row at `keys`" in this sort; one row-value comparison an index can answer. */
export function afterKeys(sort: IncidentSort, keys: SortKeys, params: unknown[]): string {
  params.push(...keys);
  return afterClause(sort);
}

/** The same condition with one placeholder per sort column, for a statement prepared once. */
function afterClause(sort: IncidentSort): string {
  return `(${sort.columns.join(', ')}) ${sort.direction === 'ASC' ? '>' : '<'} (${sort.columns.map(() => '?').join(', ')})`;
}

export function rowKeys(sort: IncidentSort, row: Record<string, unknown>): SortKeys {
  return sort.columns.map((_, index) => row[`k${index}`] as string | number);
}

/** What a query's rows depend on: its sort and its conditions. Two queries with one signature list the same rows. */
export function querySignature(query: Pick<IncidentQuery, 'sortBy' | 'sortDir'>, where: readonly string[], params: readonly unknown[]): string {
  return JSON.stringify([query.sortBy, query.sortDir, where, params]);
}

interface Cursor {
  signature: string;
  offset: number;
  keys: SortKeys;
}

const CURSOR_VERSION = 1;

/** The window after `keys`, which starts at row `offset`; bound to the query it came from. */
export function encodeCursor(signature: string, offset: number, keys: SortKeys): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, digest(signature), offset, keys])).toString('base64url');
}

/** The cursor's position, or null when it is not one this query handed out (another sort or text, or garbage). */
export function decodeCursor(cursor: string, signature: string, sort: IncidentSort): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [version, hash, offset, keys] = value as unknown[];
    if (version !== CURSOR_VERSION || hash !== digest(signature)) return null;
    if (!Number.isSafeInteger(offset) || (offset as number) < 0) return null;
    if (!Array.isArray(keys) || keys.length !== sort.columns.length) return null;
    if (!keys.every((key) => typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key)))) return null;
    return { signature, offset: offset as number, keys: keys as SortKeys };
  } catch {
    return null;
  }
}

function digest(signature: string): string {
  return createHash('sha256').update(signature).digest('base64url').slice(0, 16);
}

/** Every this many rows of a query, the keys of the row there are remembered. */
export const ANCHOR_STRIDE = 1000;
const REMEMBERED_QUERIES = 16;

interface AnchorList {
  /** keys[n] is the position of row (n + 1) × stride − 1: a window at offset (n + 1) × stride starts after it. */
  keys: SortKeys[];
  /** True once a scan ran past the last row: no further anchors exist. */
  complete: boolean;
}

/** Where an offset window starts reading: after `after` (null: at the first row), skipping `skip` rows. */
export interface WindowStart {
  after: SortKeys | null;
  skip: number;
}

/**
 * Offset windows at any depth without counting the rows before them each time: for each recent
 * query (sort + conditions) the keys of every `ANCHOR_STRIDE`th row are remembered, so a window at
 * offset 999,950 is a keyset seek to the nearest anchor and a skip of at most one stride. Anchors
 * a query lacks are found by hopping one stride at a time along the index. All are dropped when any other connection commits (`PRAGMA data_version`),
 * since an insert or a purge moves every later row.
 */
export class WindowAnchors {
  readonly #db: Connection;
  readonly #lists = new Map<string, AnchorList>();
  #seenVersion = '';

  constructor(db: Connection) {
    this.#db = db;
  }

  /** `matches.holdsMatchSet`: the conditions include a search's match set (built again by every query that names it). */
  locate(signature: string, sort: IncidentSort, matches: { where: readonly string[]; params: readonly unknown[]; holdsMatchSet: boolean }, offset: number): WindowStart {
    this.#forgetIfChanged();
    const wanted = Math.floor(offset / ANCHOR_STRIDE);
    if (wanted === 0) return { after: null, skip: offset };
    const list = this.#list(signature);
    if (list.keys.length < wanted && !list.complete) {
      const missing = wanted - list.keys.length;
      if (matches.holdsMatchSet) this.#extendInOneWalk(list, sort, matches.where, matches.params, missing);
      else this.#extendByHops(list, sort, matches.where, matches.params, missing);
    }
    const usable = Math.min(wanted, list.keys.length);
    return { after: usable === 0 ? null : list.keys[usable - 1]!, skip: offset - usable * ANCHOR_STRIDE };
  }

  /** How many queries have anchors, and how many in all (for tests and the bench). */
  size(): { queries: number; anchors: number } {
    let anchors = 0;
    for (const list of this.#lists.values()) anchors += list.keys.length;
    return { queries: this.#lists.size, anchors };
  }

  #list(signature: string): AnchorList {
    let list = this.#lists.get(signature);
    if (list) {
      // Most recently used last, so the oldest is the first to go.
      this.#lists.delete(signature);
    } else {
      list = { keys: [], complete: false };
      if (this.#lists.size >= REMEMBERED_QUERIES) this.#lists.delete(this.#lists.keys().next().value!);
    }
    this.#lists.set(signature, list);
    return list;
  }

  /**
   * Hops `missing` strides further: each hop is a keyset seek past the last anchor and a skip of
   * one stride along the index, so finding the anchors costs what one OFFSET scan to that depth
   * does (a window function numbering the rows costs several times more).
   */
  #extendByHops(list: AnchorList, sort: IncidentSort, where: readonly string[], params: readonly unknown[], missing: number): void {
    const select = (after: boolean) =>
      prepared<unknown[], Record<string, unknown>>(
        this.#db,
        `SELECT ${sort.keys} FROM incidents i ${whereClause(after ? [...where, afterClause(sort)] : where)}
         ORDER BY ${sort.order} LIMIT 1 OFFSET ${ANCHOR_STRIDE - 1}`,
      );
    const fromStart = select(false);
    const fromAnchor = select(true);
    for (let hop = 0; hop < missing; hop++) {
      const last = list.keys[list.keys.length - 1];
      const row = last ? fromAnchor.get(...params, ...last) : fromStart.get(...params);
      if (!row) {
        list.complete = true;
        return;
      }
      list.keys.push(rowKeys(sort, row));
    }
  }

  /**
   * With a match set among the conditions (a search's, a control's), each hop would build the set again (30 ms for 83k
   * matches): one walk from the last anchor instead, keeping every stride's keys as the rows pass.
   */
  #extendInOneWalk(list: AnchorList, sort: IncidentSort, where: readonly string[], params: readonly unknown[], missing: number): void {
    const last = list.keys[list.keys.length - 1];
    const rows = prepared<unknown[], Record<string, unknown>>(this.#db, `SELECT ${sort.keys} FROM incidents i ${whereClause(last ? [...where, afterClause(sort)] : where)} ORDER BY ${sort.order} LIMIT ?`)
      .iterate(...params, ...(last ?? []), missing * ANCHOR_STRIDE);
    let passed = 0;
    let found = 0;
    for (const row of rows) {
      passed += 1;
      if (passed % ANCHOR_STRIDE === 0) {
        list.keys.push(rowKeys(sort, row));
        found += 1;
      }
    }
    if (found < missing) list.complete = true;
  }

  #forgetIfChanged(): void {
    // data_version changes when another connection commits; this connection (the reader) never writes.
    const version = `${String(this.#db.pragma('data_version', { simple: true }))}:${String(prepared(this.#db, 'SELECT total_changes()').pluck().get())}`;
    if (version !== this.#seenVersion) this.#lists.clear();
    this.#seenVersion = version;
  }
}
