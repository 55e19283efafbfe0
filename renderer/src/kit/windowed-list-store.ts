import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { Count } from '#shared/paging/paged-query.ts';
import { toErrorPayload } from '../format/errors.ts';

export interface WindowRequest {
  offset: number;
  limit: number;
}

export interface WindowAnswer<Row> {
  rows: Row[];
  offset: number;
  total: Count;
}

/** Where a windowed list's rows come from: one window of one query per call, never the whole list. */
export interface WindowedListSource<Query, Row, Answer extends WindowAnswer<Row> = WindowAnswer<Row>> {
  /** An answer may carry more than the window (the fleet's stats): the newest is kept as `answer`. */
  fetchWindow(query: Query, window: WindowRequest): Promise<Answer>;
  rowKey(row: Row): string;
}

export interface WindowedListOptions {
  /** Rows per fetch (the contract's limit caps it at 500). */
  windowSize?: number;
  /** Windows kept on each side of the visible ones; farther ones are dropped and fetched again if scrolled back to. */
  keepWindows?: number;
}

export interface WindowedListState<Query, Row, Answer extends WindowAnswer<Row> = WindowAnswer<Row>> {
  query: Query | null;
  /**
   * The newest answer that was kept, and the query it answered (which lags `query` until the new
   * query's first window lands): what a view shows beside the rows, such as counts and stats.
   */
  answer: Answer | null;
  answeredQuery: Query | null;
  /** The newest answer's total; null before the first answer of the current query. */
  total: Count | null;
  /**
   * How many rows the list view lays out: the total, or, when the total is capped, as far as the
   * windows fetched so far reach (plus one more window when the last one came back full).
   */
  rowCount: number;
  /** Bumped whenever a window lands or is dropped: subscribe to it to re-read `rowAt`. */
  revision: number;
  /** A window of the current query is being fetched. */
  loading: boolean;
  /** The newest failed fetch; cleared by the next answer. Rows already shown stay. */
  error: ConsoleErrorPayload | null;
  selectedKeys: ReadonlySet<string>;
  focusedKey: string | null;
  /** The row at that index, if its window is loaded. */
  rowAt(index: number): Row | undefined;
  /** Every row from `first` to `last` (inclusive, up to `rowCount`) is loaded: a view of them needs no placeholder. */
  holdsRows(first: number, last: number): boolean;
  /** The index of a loaded row with that key (after a reload a row may have moved). */
  indexOfKey(key: string): number | undefined;
  /** A new query: windows dropped, the first window fetched, selection and focus kept by key. */
  setQuery(query: Query): void;
  /** The virtualizer's visible rows (inclusive): fetch missing windows, drop far ones. */
  showRange(first: number, last: number): void;
  /** The data changed: refetch the windows in view (the old rows stay until the new land), keep selection and focus by key. */
  reload(): void;
  focus(key: string | null): void;
  toggleSelected(key: string): void;
  clearSelection(): void;
  /** The session ended or locked: drop everything, and ignore every answer still on its way. */
  clear(): void;
}

const DEFAULT_WINDOW_SIZE = 100;
const DEFAULT_KEEP_WINDOWS = 2;

interface LoadedWindow<Row> {
  rows: Row[];
  keys: string[];
}

export function createWindowedListStore<Query, Row, Answer extends WindowAnswer<Row> = WindowAnswer<Row>>(
  source: WindowedListSource<Query, Row, Answer>,
  options: WindowedListOptions = {},
): StoreApi<WindowedListState<Query, Row, Answer>> {
  const windowSize = options.windowSize ?? DEFAULT_WINDOW_SIZE;
  const keepWindows = options.keepWindows ?? DEFAULT_KEEP_WINDOWS;
  if (!Number.isInteger(windowSize) || windowSize < 1) throw new RangeError(`windowSize must be a positive integer, not ${windowSize}`);
  if (!Number.isInteger(keepWindows) || keepWindows < 0) throw new RangeError(`keepWindows must be a non-negative integer, not ${keepWindows}`);

  const windows = new Map<number, LoadedWindow<Row>>();
  // The ticket of each window's newest request: an answer whose ticket is no longer here belongs to
  // an older query, an evicted window or a superseded reload, and is ignored.
  const pending = new Map<number, number>();
  let nextTicket = 0;
  let visible = { first: 0, last: 0 };

  return createStore<WindowedListState<Query, Row, Answer>>()((set, get) => {
    const windowOf = (index: number) => Math.floor(index / windowSize);
    const rowAt = (index: number) => windows.get(windowOf(index))?.rows[index % windowSize];

    function rowCountFor(total: Count | null): number {
      if (total === null) return 0;
      if (!total.capped) return total.count;
      const furthest = Math.max(-1, ...windows.keys());
      const loaded = windows.get(furthest);
      if (!loaded) return total.count;
      const end = furthest * windowSize + loaded.rows.length;
      return Math.max(total.count, loaded.rows.length === windowSize ? end + windowSize : end);
    }

    function publish(patch: Partial<WindowedListState<Query, Row, Answer>> = {}) {
      const total = patch.total !== undefined ? patch.total : get().total;
      set({ ...patch, rowCount: rowCountFor(total), revision: get().revision + 1, loading: pending.size > 0 });
    }

    function fetchWindow(index: number) {
      const query = get().query;
      if (query === null) return;
      const ticket = ++nextTicket;
      pending.set(index, ticket);
      set({ loading: true });
      const request = { offset: index * windowSize, limit: windowSize };
      source.fetchWindow(query, request).then(
        (answer) => {
          if (pending.get(index) !== ticket) return;
          pending.delete(index);
          // A shorter list than before (rows deleted since) answers past its end: keep the new total only.
          if (answer.offset === request.offset) {
            const rows = answer.rows.slice(0, windowSize);
            windows.set(index, { rows, keys: rows.map((row) => source.rowKey(row)) });
          }
          dropPast(answer.total);
          publish({ total: answer.total, answer, answeredQuery: query, error: null });
          // The first answer tells how far the visible range really reaches.
          if (answer.offset === request.offset) fetchMissingVisible();
        },
        (caught: unknown) => {
          if (pending.get(index) !== ticket) return;
          pending.delete(index);
          publish({ error: toErrorPayload(caught) });
        },
      );
    }

    /** Windows that start past the end of a list that shrank. */
    function dropPast(total: Count) {
      if (total.capped) return;
      for (const index of [...windows.keys(), ...pending.keys()]) {
        if (index * windowSize >= total.count && index !== 0) {
          windows.delete(index);
          pending.delete(index);
        }
      }
    }

    function visibleWindows(): { first: number; last: number } {
      const total = get().total;
      const lastRow = total === null ? visible.first : Math.min(visible.last, Math.max(0, get().rowCount - 1));
      return { first: windowOf(visible.first), last: windowOf(Math.max(visible.first, lastRow)) };
    }

    function evictFarWindows() {
      const { first, last } = visibleWindows();
      for (const index of [...windows.keys(), ...pending.keys()]) {
        if (index < first - keepWindows || index > last + keepWindows) {
          windows.delete(index);
          pending.delete(index);
        }
      }
    }

    function fetchMissingVisible() {
      const { first, last } = visibleWindows();
      for (let index = first; index <= last; index++) {
        if (!windows.has(index) && !pending.has(index)) fetchWindow(index);
      }
    }

    function dropAll() {
      windows.clear();
      pending.clear();
    }

    return {
      query: null,
      answer: null,
      answeredQuery: null,
      total: null,
      rowCount: 0,
      revision: 0,
      loading: false,
      error: null,
      selectedKeys: new Set<string>(),
      focusedKey: null,
      rowAt,
      holdsRows(first, last) {
        const end = Math.min(last, get().rowCount - 1);
        for (let index = Math.max(0, first); index <= end; index++) {
          if (rowAt(index) === undefined) return false;
        }
        return true;
      },
      indexOfKey(key) {
        for (const [index, loaded] of windows) {
          const at = loaded.keys.indexOf(key);
          if (at !== -1) return index * windowSize + at;
        }
        return undefined;
      },
      setQuery(query) {
        dropAll();
        visible = { first: 0, last: 0 };
        set({ query, total: null, error: null });
        fetchWindow(0);
        publish();
      },
      showRange(first, last) {
        const from = Math.max(0, Math.floor(Math.min(first, last)));
        visible = { first: from, last: Math.max(from, Math.floor(Math.max(first, last))) };
        const before = [windows.size, pending.size];
        evictFarWindows();
        fetchMissingVisible();
        if (windows.size !== before[0] || pending.size !== before[1]) publish();
      },
      reload() {
        if (get().query === null) return;
        const { first, last } = visibleWindows();
        // Windows out of view would be stale: drop them; the ones in view stay on screen until their fresh copies land.
        for (const index of [...windows.keys(), ...pending.keys()]) {
          if (index < first || index > last) {
            windows.delete(index);
            pending.delete(index);
          }
        }
        for (let index = first; index <= last; index++) fetchWindow(index);
        publish();
      },
      focus(key) {
        set({ focusedKey: key });
      },
      toggleSelected(key) {
        const selectedKeys = new Set(get().selectedKeys);
        if (!selectedKeys.delete(key)) selectedKeys.add(key);
        set({ selectedKeys });
      },
      clearSelection() {
        set({ selectedKeys: new Set<string>() });
      },
      clear() {
        dropAll();
        visible = { first: 0, last: 0 };
        set({ query: null, answer: null, answeredQuery: null, total: null, rowCount: 0, revision: get().revision + 1, loading: false, error: null, selectedKeys: new Set<string>(), focusedKey: null });
      },
    };
  });
}
