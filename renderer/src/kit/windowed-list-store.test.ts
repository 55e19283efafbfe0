import { describe, expect, it } from 'vitest';
import { ConsoleError } from '#shared/errors.ts';
import { createWindowedListStore, type WindowAnswer, type WindowRequest } from './windowed-list-store.ts';

interface Row {
  id: string;
  name: string;
}
type Query = { sort: 'asc' | 'desc' };

interface PendingCall {
  query: Query;
  window: WindowRequest;
  resolve(answer: WindowAnswer<Row>): void;
  reject(error: unknown): void;
}

/** A source whose answers the test releases one by one, in any order (the real one is the contract client). */
class ControlledSource {
  readonly calls: PendingCall[] = [];
  rows: Row[];

  constructor(count: number) {
    this.rows = Array.from({ length: count }, (_, i) => ({ id: `row-${i}`, name: `Row ${i}` }));
  }

  fetchWindow = (query: Query, window: WindowRequest): Promise<WindowAnswer<Row>> =>
    new Promise((resolve, reject) => this.calls.push({ query, window, resolve, reject }));

  rowKey = (row: Row) => row.id;

  answerOf(call: PendingCall): WindowAnswer<Row> {
    const ordered = call.query.sort === 'asc' ? this.rows : [...this.rows].reverse();
    return { rows: ordered.slice(call.window.offset, call.window.offset + call.window.limit), offset: call.window.offset, total: { count: ordered.length, capped: false } };
  }

  /** Answers every open call from the rows as they are now. */
  async answerAll(): Promise<void> {
    while (this.calls.length > 0) {
      const call = this.calls.shift()!;
      call.resolve(this.answerOf(call));
      await Promise.resolve();
    }
    await settle();
  }

  take(predicate: (call: PendingCall) => boolean): PendingCall {
    const at = this.calls.findIndex(predicate);
    if (at === -1) throw new Error('no such pending call');
    return this.calls.splice(at, 1)[0]!;
  }
}

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function loadedIndexes(state: { rowAt(index: number): Row | undefined; rowCount: number }): number[] {
  const loaded: number[] = [];
  for (let i = 0; i < state.rowCount; i++) if (state.rowAt(i)) loaded.push(i);
  return loaded;
}

describe('windowed list store (controlled source)', () => {
  it('holdsRows says whether every row of a range is loaded, up to the end of the list', async () => {
    const source = new ControlledSource(250);
    const store = createWindowedListStore(source, { windowSize: 100 });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    expect(store.getState().holdsRows(0, 99)).toBe(true);
    expect(store.getState().holdsRows(90, 110)).toBe(false);
    store.getState().showRange(190, 260);
    expect(store.getState().holdsRows(190, 260)).toBe(false);
    source.take((call) => call.window.offset === 200).resolve({ rows: source.rows.slice(200, 250), offset: 200, total: { count: 250, capped: false } });
    await settle();
    // Window 1 (rows 100–199) is still on its way; the last window holds rows 200–249, and the list ends there.
    expect(store.getState().holdsRows(200, 260)).toBe(true);
    expect(store.getState().holdsRows(190, 260)).toBe(false);
    await source.answerAll();
    expect(store.getState().holdsRows(190, 260)).toBe(true);
  });

  it('a new query fetches only its first window and shows its rows and total', async () => {
    const source = new ControlledSource(30_000);
    const store = createWindowedListStore(source, { windowSize: 100 });
    store.getState().setQuery({ sort: 'asc' });
    expect(store.getState().loading).toBe(true);
    expect(source.calls.map((call) => call.window)).toEqual([{ offset: 0, limit: 100 }]);
    await source.answerAll();
    const state = store.getState();
    expect(state.loading).toBe(false);
    expect(state.total).toEqual({ count: 30_000, capped: false });
    expect(state.rowCount).toBe(30_000);
    expect(state.rowAt(0)?.id).toBe('row-0');
    expect(state.rowAt(99)?.id).toBe('row-99');
    expect(state.rowAt(100)).toBeUndefined();
  });

  it("an older query's answer that lands after a new query is ignored", async () => {
    const source = new ControlledSource(500);
    const store = createWindowedListStore(source, { windowSize: 50 });
    store.getState().setQuery({ sort: 'asc' });
    store.getState().setQuery({ sort: 'desc' });
    const newer = source.take((call) => call.query.sort === 'desc');
    newer.resolve(source.answerOf(newer));
    await settle();
    const older = source.take((call) => call.query.sort === 'asc');
    older.resolve(source.answerOf(older));
    await settle();
    expect(store.getState().rowAt(0)?.id).toBe('row-499');
    expect(store.getState().query).toEqual({ sort: 'desc' });
  });

  it("a dropped window's late answer is ignored, and scrolling back fetches it again", async () => {
    const source = new ControlledSource(30_000);
    const store = createWindowedListStore(source, { windowSize: 100, keepWindows: 1 });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    store.getState().showRange(1000, 1020);
    const far = source.take((call) => call.window.offset === 1000);
    store.getState().showRange(20_000, 20_020);
    far.resolve(source.answerOf(far));
    await settle();
    expect(store.getState().rowAt(1000)).toBeUndefined();
    await source.answerAll();
    expect(store.getState().rowAt(20_000)?.id).toBe('row-20000');
    store.getState().showRange(1000, 1020);
    expect(source.calls.map((call) => call.window.offset)).toEqual([1000]);
  });

  it('scrolling 30,000 rows end to end keeps only the windows near the viewport and never asks for more than a window', async () => {
    const source = new ControlledSource(30_000);
    const windowSize = 100;
    const keepWindows = 2;
    const store = createWindowedListStore(source, { windowSize, keepWindows });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    const requested: WindowRequest[] = [];
    let mostLoaded = 0;
    for (let first = 0; first < 30_000; first += 37) {
      store.getState().showRange(first, first + 40);
      requested.push(...source.calls.map((call) => call.window));
      await source.answerAll();
      mostLoaded = Math.max(mostLoaded, loadedIndexes(store.getState()).length);
      expect(store.getState().rowAt(first)?.id).toBe(`row-${first}`);
    }
    expect(Math.max(...requested.map((window) => window.limit))).toBe(windowSize);
    // The visible range spans at most two windows, plus keepWindows on each side.
    expect(mostLoaded).toBeLessThanOrEqual((2 + 2 * keepWindows) * windowSize);
    expect(loadedIndexes(store.getState())[0]).toBeGreaterThanOrEqual(30_000 - (1 + keepWindows) * windowSize - 100);
  });

  it('a reload keeps the rows on screen until the fresh ones land, and selection and focus follow the row by key when it moves', async () => {
    const source = new ControlledSource(300);
    const store = createWindowedListStore(source, { windowSize: 100 });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    store.getState().showRange(0, 30);
    store.getState().focus('row-5');
    store.getState().toggleSelected('row-5');
    store.getState().toggleSelected('row-7');

    // Two rows are inserted above: row-5 is now the 8th row.
    source.rows = [{ id: 'new-a', name: 'A' }, { id: 'new-b', name: 'B' }, ...source.rows];
    store.getState().reload();
    expect(store.getState().rowAt(5)?.id).toBe('row-5');
    await source.answerAll();

    const state = store.getState();
    expect(state.rowAt(0)?.id).toBe('new-a');
    expect(state.rowAt(7)?.id).toBe('row-5');
    expect(state.focusedKey).toBe('row-5');
    expect(state.indexOfKey('row-5')).toBe(7);
    expect([...state.selectedKeys].sort()).toEqual(['row-5', 'row-7']);
    expect(state.total?.count).toBe(302);
  });

  it('a new query keeps the selection and focus by key', async () => {
    const source = new ControlledSource(50);
    const store = createWindowedListStore(source, { windowSize: 100 });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    store.getState().toggleSelected('row-3');
    store.getState().focus('row-3');
    store.getState().setQuery({ sort: 'desc' });
    await source.answerAll();
    expect(store.getState().indexOfKey('row-3')).toBe(46);
    expect(store.getState().focusedKey).toBe('row-3');
    expect(store.getState().selectedKeys.has('row-3')).toBe(true);
    store.getState().toggleSelected('row-3');
    expect(store.getState().selectedKeys.size).toBe(0);
  });

  it('an answer from a superseded reload is ignored', async () => {
    const source = new ControlledSource(100);
    const store = createWindowedListStore(source, { windowSize: 100 });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    store.getState().reload();
    const first = source.take(() => true);
    source.rows = source.rows.slice(10);
    store.getState().reload();
    await source.answerAll();
    first.resolve({ rows: [{ id: 'stale', name: 'stale' }], offset: 0, total: { count: 1, capped: false } });
    await settle();
    expect(store.getState().rowAt(0)?.id).toBe('row-10');
    expect(store.getState().total?.count).toBe(90);
  });

  it('a failed window shows the error and keeps the rows already shown; the next answer clears it', async () => {
    const source = new ControlledSource(1000);
    const store = createWindowedListStore(source, { windowSize: 100 });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    store.getState().showRange(150, 160);
    source.take((call) => call.window.offset === 100).reject(new ConsoleError('unreachable', 'Central Command did not answer.'));
    await settle();
    let state = store.getState();
    expect(state.error).toMatchObject({ code: 'unreachable', message: 'Central Command did not answer.' });
    expect(state.loading).toBe(false);
    expect(state.rowAt(0)?.id).toBe('row-0');
    expect(state.rowAt(150)).toBeUndefined();

    // Scrolling again retries the window that failed.
    store.getState().showRange(150, 161);
    await source.answerAll();
    state = store.getState();
    expect(state.error).toBeNull();
    expect(state.rowAt(150)?.id).toBe('row-150');
  });

  it('an unexpected failure becomes the generic message, not a stack trace', async () => {
    const source = new ControlledSource(10);
    const store = createWindowedListStore(source);
    store.getState().setQuery({ sort: 'asc' });
    source.take(() => true).reject(new TypeError('x is undefined'));
    await settle();
    expect(store.getState().error?.code).toBe('internal');
    expect(store.getState().error?.message).not.toContain('undefined');
  });

  it('a list that shrank drops the windows past its new end', async () => {
    const source = new ControlledSource(1000);
    const store = createWindowedListStore(source, { windowSize: 100, keepWindows: 3 });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    store.getState().showRange(250, 350);
    await source.answerAll();
    expect(store.getState().rowAt(350)?.id).toBe('row-350');
    source.rows = source.rows.slice(0, 120);
    store.getState().showRange(0, 20);
    store.getState().reload();
    await source.answerAll();
    const state = store.getState();
    expect(state.rowCount).toBe(120);
    expect(state.rowAt(350)).toBeUndefined();
    expect(state.rowAt(119)).toBeUndefined();
    store.getState().showRange(100, 130);
    await source.answerAll();
    expect(store.getState().rowAt(119)?.id).toBe('row-119');
    expect(source.calls).toHaveLength(0);
  });

  it('a capped total lays out as far as the fetched windows reach, one window beyond a full one', async () => {
    const source = new ControlledSource(250);
    const store = createWindowedListStore(
      {
        fetchWindow: async (query: Query, window: WindowRequest) => ({ ...source.answerOf({ query, window, resolve: () => undefined, reject: () => undefined }), total: { count: 100, capped: true } }),
        rowKey: source.rowKey,
      },
      { windowSize: 100 },
    );
    store.getState().setQuery({ sort: 'asc' });
    await settle();
    expect(store.getState().rowCount).toBe(200);
    store.getState().showRange(150, 160);
    await settle();
    expect(store.getState().rowCount).toBe(300);
    store.getState().showRange(250, 260);
    await settle();
    expect(store.getState().rowCount).toBe(250);
    expect(store.getState().rowAt(249)?.id).toBe('row-249');
  });

  it('clear drops everything and ignores answers still on their way', async () => {
    const source = new ControlledSource(300);
    const store = createWindowedListStore(source, { windowSize: 100 });
    store.getState().setQuery({ sort: 'asc' });
    await source.answerAll();
    store.getState().toggleSelected('row-1');
    store.getState().focus('row-1');
    store.getState().showRange(120, 130);
    store.getState().clear();
    await source.answerAll();
    const state = store.getState();
    expect(state.query).toBeNull();
    expect(state.total).toBeNull();
    expect(state.rowCount).toBe(0);
    expect(state.rowAt(0)).toBeUndefined();
    expect(state.rowAt(120)).toBeUndefined();
    expect(state.selectedKeys.size).toBe(0);
    expect(state.focusedKey).toBeNull();
    expect(state.loading).toBe(false);
    store.getState().reload();
    expect(source.calls).toHaveLength(0);
  });
});
