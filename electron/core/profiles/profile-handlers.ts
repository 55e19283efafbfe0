import { ConsoleError } from '#shared/errors.ts';
import type { ChannelHandlers } from '#shared/ipc/contract.ts';
import { removeCacheAndMovedAsideCopies } from '../cache/cache-files.ts';
import type { CacheKeyCustody } from '../lock/cache-key-custody.ts';
import type { SessionController } from '../session/session-controller.ts';
import { vaultAccount } from '../vault/accounts.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import type { Log } from '../log.ts';
import type { Profile, ProfileStore } from './profile-store.ts';

export interface ProfileHandlerDeps {
  profiles: ProfileStore;
  vault: Vault;
  custody: CacheKeyCustody;
  session: SessionController;
  /** Removes what else the profile keeps beside its cache (the durable store and its key). */
  removeAlso: (profile: Profile) => Promise<void>;
  log: Log;
}

type ProfileChannel = 'profiles:list' | 'profiles:switch' | 'profiles:add' | 'profiles:remove';

/** The known servers and accounts: listing, switching, adding, and removing one with its local data. */
export function createProfileHandlers(deps: ProfileHandlerDeps): Pick<ChannelHandlers, ProfileChannel> {
  const { profiles, vault, custody, session, removeAlso, log } = deps;

  async function listProfiles() {
    const { profiles: known, activeProfileId } = await profiles.list();
    // One keychain lookup per profile, side by side rather than one after another.
    const tokens = await Promise.all(known.map((profile) => vault.get(vaultAccount(profile.origin, profile.userId, 'session-token'))));
    const summaries = known.map((profile, index) => ({
      id: profile.id,
      origin: profile.origin,
      username: profile.username,
      displayName: profile.displayName,
      role: profile.role,
      lastSignedInAt: profile.lastSignedInAt,
      active: profile.id === activeProfileId && session.active() !== null,
      hasSession: tokens[index] !== null,
    }));
    return { profiles: summaries };
  }

  /** "Remove local data": the profile's session (ended on the server when it answers), cache key and every cache file, moved-aside copies included, and the durable store with its key. */
  async function removeProfile(profileId: string) {
    const profile = await profiles.get(profileId);
    if (!profile) throw new ConsoleError('not-found', 'That server profile is no longer on this computer.');
    if (session.active()?.profile.id === profileId || (await profiles.active())?.id === profileId) await session.leaveProfile(null);
    await session.logOutStoredSession(profile);
    await vault.delete(vaultAccount(profile.origin, profile.userId, 'session-token'));
    await custody.forget(profile, profiles.cacheFileFor(profile));
    await removeCacheAndMovedAsideCopies(profiles.cacheFileFor(profile));
    await removeAlso(profile);
    await profiles.remove(profileId);
    log('info', 'profile removed with its local data', { profileId });
    return listProfiles();
  }

  return {
    'profiles:list': () => listProfiles(),
    'profiles:switch': (input) => session.switchTo(input.profileId),
    'profiles:add': () => session.leaveProfile(null),
    'profiles:remove': (input) => removeProfile(input.profileId),
  };
}
