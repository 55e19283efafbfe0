import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { ProfileSummary } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { toErrorPayload } from '../format/errors.ts';

export interface ProfileState {
  /** Core's list of server profiles; empty until profiles:list has answered. */
  profiles: ProfileSummary[];
  /** The last failed profiles:list or profiles:remove. */
  error: ConsoleErrorPayload | null;
  busy: boolean;
  load(): Promise<void>;
  /**
   * Deletes the profile's local data in core (session, cache key, cache file); only after the technician confirmed.
   * Resolves true once core has removed it (and answered with the remaining profiles).
   */
  remove(profileId: string): Promise<boolean>;
}

export function createProfileStore(client: ContractClient) {
  // Only the newest answer may write the list.
  let generation = 0;

  return createStore<ProfileState>()((set) => ({
    profiles: [],
    error: null,
    busy: false,
    async load() {
      const ticket = ++generation;
      try {
        const { profiles } = await client.call('profiles:list');
        if (ticket === generation) set({ profiles, error: null });
      } catch (caught) {
        if (ticket === generation) set({ error: toErrorPayload(caught) });
      }
    },
    async remove(profileId) {
      const ticket = ++generation;
      set({ busy: true, error: null });
      try {
        const { profiles } = await client.call('profiles:remove', { profileId, confirm: true });
        if (ticket === generation) set({ profiles, error: null, busy: false });
        else set({ busy: false });
        return true;
      } catch (caught) {
        // The list stays whatever the newest answer said; the failure is this removal's, whoever answered since.
        set({ busy: false, error: toErrorPayload(caught) });
        return false;
      }
    },
  }));
}
