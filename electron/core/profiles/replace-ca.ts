import { ConsoleError } from '#shared/errors.ts';
import type { PinnedCaView } from '#shared/ipc/contract.ts';
import { createApiClient } from '../api/client.ts';
import type { ActiveSession } from '../session/session-controller.ts';
import { readChosenCaFile } from './pinned-ca.ts';
import type { ProfileStore } from './profile-store.ts';

/** What Settings show: the signed-in profile's pinned CA, or null (system CAs only, or not signed in). */
export async function pinnedCaOfSession(active: ActiveSession | null, profiles: ProfileStore): Promise<{ pinned: PinnedCaView | null }> {
  return { pinned: active ? await profiles.pinnedCa(active.profile.id) : null };
}

/**
 * Replaces the signed-in profile's pinned CA. Only while signed in (the pinned CA decides whom the
 * console trusts, so changing it takes the account), and only with a CA that Central Command's
 * certificate actually chains to: the new file is tried with this session's token before it is
 * pinned, so a wrong file cannot lock the profile out. The session's current connection stays as
 * it is; every later one uses the new copy.
 */
export async function replacePinnedCa(options: {
  active: ActiveSession | null;
  profiles: ProfileStore;
  caFilePath: string;
  allowInsecureLoopback: boolean;
  createClient?: typeof createApiClient;
}): Promise<{ pinned: PinnedCaView }> {
  const { active, profiles } = options;
  if (!active) throw new ConsoleError('invalid-state', 'Sign in to replace the CA certificate of this server.');
  if (active.profile.caFilePath === null) {
    throw new ConsoleError('invalid-state', "This server is trusted through this computer's own certificates. To pin a CA file, sign out and sign in again with it.");
  }
  const content = await readChosenCaFile(options.caFilePath.trim());
  const client = (options.createClient ?? createApiClient)({ origin: active.profile.origin, caPem: content.pem, allowInsecureLoopback: options.allowInsecureLoopback });
  try {
    await client.me(active.token);
  } finally {
    await client.close().catch(() => undefined);
  }
  await profiles.replacePinnedCa(active.profile.id, content);
  const pinned = await profiles.pinnedCa(active.profile.id);
  if (!pinned) throw new ConsoleError('internal', 'The new CA certificate was not pinned.');
  return { pinned };
}
