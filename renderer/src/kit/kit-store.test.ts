import { describe, expect, it } from 'vitest';
import { ConsoleError, type ConsoleErrorPayload } from '#shared/errors.ts';
import { createKitStore } from './kit-store.ts';

interface ListState {
  items: string[] | null;
  loading: boolean;
  error: ConsoleErrorPayload | null;
  load(answer: Promise<string[]>): Promise<void>;
  clear(): void;
}

function createListStore() {
  return createKitStore<ListState>()({ items: null, loading: false, error: null }, (kit) => ({
    async load(answer) {
      await kit.load(() => answer, (items) => ({ items }));
    },
  }));
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('store kit', () => {
  it('only the newest load writes, and an older answer landing later is ignored', async () => {
    const store = createListStore();
    const older = deferred<string[]>();
    const newer = deferred<string[]>();
    const loads = [store.getState().load(older.promise), store.getState().load(newer.promise)];
    expect(store.getState().loading).toBe(true);
    newer.resolve(['new']);
    older.resolve(['old']);
    await Promise.all(loads);
    expect(store.getState()).toMatchObject({ items: ['new'], loading: false, error: null });
  });

  it('a failure keeps the data and shows the error; the next answer clears it', async () => {
    const store = createListStore();
    await store.getState().load(Promise.resolve(['a']));
    await store.getState().load(Promise.reject(new ConsoleError('unreachable', 'Central Command did not answer.')));
    expect(store.getState()).toMatchObject({ items: ['a'], loading: false, error: { code: 'unreachable', message: 'Central Command did not answer.' } });
    await store.getState().load(Promise.resolve(['b']));
    expect(store.getState()).toMatchObject({ items: ['b'], error: null });
  });

  it('clear() returns to the initial data and drops answers still on their way', async () => {
    const store = createListStore();
    const late = deferred<string[]>();
    const load = store.getState().load(late.promise);
    store.getState().clear();
    late.resolve(['from the previous session']);
    await load;
    expect(store.getState()).toMatchObject({ items: null, loading: false, error: null });
  });

  it('a request beside others is not superseded by them, only by clear()', async () => {
    const store = createKitStore<{ seen: string[]; add(answer: Promise<string>): Promise<string>; clear(): void }>()({ seen: [] }, (kit) => ({
      async add(answer) {
        const outcome = await kit.request(() => answer, { beside: true });
        if (outcome.kind === 'answered') kit.set({ seen: [...kit.get().seen, outcome.value] });
        return outcome.kind;
      },
    }));
    const first = deferred<string>();
    const second = deferred<string>();
    const adds = [store.getState().add(first.promise), store.getState().add(second.promise)];
    second.resolve('b');
    first.resolve('a');
    expect(await Promise.all(adds)).toEqual(['answered', 'answered']);
    expect(store.getState().seen.sort()).toEqual(['a', 'b']);
    const third = deferred<string>();
    const add = store.getState().add(third.promise);
    store.getState().clear();
    third.reject(new Error('gone'));
    expect(await add).toBe('stale');
    expect(store.getState().seen).toEqual([]);
  });
});
