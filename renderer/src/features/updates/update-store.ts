import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import type { UpdateState } from '#shared/update/index.ts';
import { createKitStore } from '../../kit/kit-store.ts';

export interface UpdatesState {
  /** Core's update state; null until update:get answered (or when it could not). */
  update: UpdateState | null;
  /** A Restart to update or Check again that core refused, e.g. because a sync started meanwhile. */
  requestError: ConsoleErrorPayload | null;
  requesting: boolean;
  load(): Promise<void>;
  check(): Promise<void>;
  restart(): Promise<void>;
  /** An `update:changed` event. */
  apply(update: UpdateState): void;
}

const NO_UPDATE: Pick<UpdatesState, 'update' | 'requestError' | 'requesting'> = { update: null, requestError: null, requesting: false };

/** The update state, kept current by `update:changed` (console-feature.ts). Not a session's data: never cleared. */
export function createUpdateStore(client: ContractClient) {
  return createKitStore<UpdatesState>()(NO_UPDATE, (kit) => {
    // Each answer is core's update state at that moment: none supersedes another.
    async function request(action: () => Promise<UpdateState>): Promise<void> {
      kit.set({ requesting: true, requestError: null });
      const outcome = await kit.request(action, { beside: true });
      if (outcome.kind === 'answered') kit.set({ update: outcome.value, requesting: false });
      if (outcome.kind === 'failed') kit.set({ requestError: outcome.error, requesting: false });
    }
    return {
      async load() {
        const outcome = await kit.request(() => client.call('update:get'), { beside: true });
        // Without the update state the console works as before; it only shows no update prompt.
        kit.set({ update: outcome.kind === 'answered' ? outcome.value : null });
      },
      check: () => request(() => client.call('update:check')),
      restart: () => request(() => client.call('update:restart')),
      apply: (update: UpdateState) => kit.set({ update }),
    };
  });
}
