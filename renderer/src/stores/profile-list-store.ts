import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { ProfileSummary } from '#shared/ipc/contract.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { createKitStore } from '../kit/kit-store.ts';

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

const NO_PROFILES: Pick<ProfileState, 'profiles' | 'error' | 'busy'> = { profiles: [], error: null, busy: false };

export function createProfileStore(client: ContractClient) {
  return createKitStore<ProfileState>()(NO_PROFILES, (kit) => ({
    async load() {
      const outcome = await kit.request(() => client.call('profiles:list'));
      if (outcome.kind === 'answered') kit.set({ profiles: outcome.value.profiles, error: null });
      if (outcome.kind === 'failed') kit.set({ error: outcome.error });
    },
    async remove(profileId: string) {
      kit.set({ busy: true, error: null });
      const outcome = await kit.request(() => client.call('profiles:remove', { profileId, confirm: true }));
      if (outcome.kind === 'answered') {
        kit.set({ profiles: outcome.value.profiles, error: null, busy: false });
        return true;
      }
      // The list stays whatever the newest answer said; a failure is this removal's, whoever answered since.
      const failure = outcome.kind === 'failed' ? outcome.error : outcome.failure;
      kit.set(failure ? { busy: false, error: failure } : { busy: false });
      return failure === null;
    },
  }));
}
