import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import { toErrorPayload } from '../format/errors.ts';
import { createRequestGuard } from './request-guard.ts';

/**
 * How a request ended, as the store sees it: answered, failed, or overtaken by a newer request or
 * `clear()` (then it writes nothing it fetched; `failure` says whether the action itself failed).
 */
export type RequestOutcome<T> =
  | { kind: 'answered'; value: T }
  | { kind: 'failed'; error: ConsoleErrorPayload }
  | { kind: 'stale'; failure: ConsoleErrorPayload | null };

/** The fields of a store that loads one thing and shows that it is loading or why it failed. */
export interface LoadFields {
  loading: boolean;
  error: ConsoleErrorPayload | null;
}

export interface StoreKit<State> {
  set(patch: Partial<State>): void;
  get(): State;
  /**
   * Runs a request; its outcome is 'stale' when a newer request (or `clear()`) came since.
   * `beside: true` for one of several parallel requests that do not supersede each other.
   */
  request<T>(call: () => Promise<T>, options?: { beside?: boolean }): Promise<RequestOutcome<T>>;
  /**
   * The common load: `loading` while it runs, then the answer's fields with the error cleared, or the
   * error with the data kept; a stale answer writes nothing. Resolves how it ended.
   */
  load: State extends LoadFields ? <T>(call: () => Promise<T>, answered: (value: T) => Partial<State>) => Promise<RequestOutcome<T>['kind']> : never;
  /** Back to the initial data; every answer on its way goes stale. */
  reset(): void;
}

/** What a store's actions provide: everything but its data; `clear` only when it must do more than reset. */
export type KitActions<State, DataKeys extends keyof State> = Omit<State, DataKeys | 'clear'> & { clear?(): void };

/**
 * The one way a renderer store is written: `createKitStore<State>()(data, actions)`. The data is what
 * `clear()` returns it to when the session ends or locks; the actions reach core through
 * `kit.request` / `kit.load`, so that stale answers never write. An action set may define its own
 * `clear` (one that also tells core), using `kit.reset`.
 */
export function createKitStore<State extends object>() {
  return <DataKeys extends keyof State>(
    initial: Pick<State, DataKeys>,
    actions: (kit: StoreKit<State>) => KitActions<State, DataKeys>,
  ): StoreApi<State & { clear(): void }> => {
    type Full = State & { clear(): void };
    const guard = createRequestGuard();
    return createStore<Full>()((set, get) => {
      async function request<T>(call: () => Promise<T>, options: { beside?: boolean } = {}): Promise<RequestOutcome<T>> {
        const current = options.beside ? guard.beside() : guard.next();
        try {
          const value = await call();
          return current() ? { kind: 'answered', value } : { kind: 'stale', failure: null };
        } catch (caught) {
          const error = toErrorPayload(caught);
          return current() ? { kind: 'failed', error } : { kind: 'stale', failure: error };
        }
      }
      function reset() {
        guard.cancel();
        set(initial as Partial<Full>);
      }
      const kit: StoreKit<State> = {
        set: (patch) => set(patch as Partial<Full>),
        get,
        request,
        load: (async <T>(call: () => Promise<T>, answered: (value: T) => Partial<State>) => {
          const setLoad = (patch: Partial<LoadFields>) => set(patch as unknown as Partial<Full>);
          setLoad({ loading: true });
          const outcome = await request(call);
          if (outcome.kind === 'answered') set({ ...answered(outcome.value), loading: false, error: null } as Partial<Full>);
          else if (outcome.kind === 'failed') setLoad({ loading: false, error: outcome.error });
          return outcome.kind;
        }) as StoreKit<State>['load'],
        reset,
      };
      return { ...initial, clear: reset, ...actions(kit) } as Full;
    });
  };
}
