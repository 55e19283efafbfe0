import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import type { UpdateState } from '#shared/update/index.ts';
import { toErrorPayload } from '../../format/errors.ts';

export interface UpdatesState {
  /** Core's update state; null until update:get answered (or when it could not). */
  update: UpdateState | null;
  /** A Restart to update or Check again that core refused, e.g. because a sync started meanwhile. */
  requestError: ConsoleErrorPayload | null;
  requesting: boolean;
  load(): Promise<void>;
  check(): Promise<void>;
  restart(): Promise<void>;
}

/** The update state, kept current by `update:changed` from the moment the store exists. */
export function createUpdateStore(client: ContractClient) {
  const store = createStore<UpdatesState>()((set) => {
    async function request(action: () => Promise<UpdateState>): Promise<void> {
      set({ requesting: true, requestError: null });
      try {
        set({ update: await action(), requesting: false });
      } catch (caught) {
        set({ requestError: toErrorPayload(caught), requesting: false });
      }
    }
    return {
      update: null,
      requestError: null,
      requesting: false,
      async load() {
        try {
          set({ update: await client.call('update:get') });
        } catch {
          // Without the update state the console works as before; it only shows no update prompt.
          set({ update: null });
        }
      },
      check: () => request(() => client.call('update:check')),
      restart: () => request(() => client.call('update:restart')),
    };
  });
  client.on('update:changed', (update) => store.setState({ update }));
  return store;
}
