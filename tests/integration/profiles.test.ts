import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import { signIn, syncFinished, useConsoles, useSimulator } from './test-support/harness.ts';

// Two independent Central Command servers, one console: separate keychain entries and cache files.
const alphaServer = useSimulator({ seed: 21, sites: 30 });
const betaServer = useSimulator({ seed: 22, sites: 45 });
const consoles = useConsoles();

const siteCount = async (service: ConsoleService) => (await service.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 }))).rows.length;

describe('server profiles', () => {
  it('keeps two servers side by side, switches between them, and removes one with its local data', async () => {
    const alpha = alphaServer.sim;
    const beta = betaServer.sim;
    const service = await consoles.launch();
    const { snapshot: first } = await signIn(service, alpha, 'admin');
    expect(await siteCount(service)).toBe(alpha.siteCount);

    const adding = await service.handlers['profiles:add'](undefined);
    expect(adding).toMatchObject({ state: 'signed-out', server: null });
    await expect(siteCount(service)).rejects.toMatchObject({ code: 'invalid-state' });
    const { snapshot: second } = await signIn(service, beta, 'admin');
    expect(await siteCount(service)).toBe(beta.siteCount);
    expect(second.server!.origin).not.toBe(first.server!.origin);

    const { profiles } = await service.handlers['profiles:list'](undefined);
    expect(profiles.map((profile) => [profile.origin, profile.active, profile.hasSession])).toEqual(
      expect.arrayContaining([
        [first.server!.origin, false, true],
        [second.server!.origin, true, true],
      ]),
    );
    const dataDir = consoles.dataDir;
    expect((await readdir(path.join(dataDir, 'caches'))).filter((name) => name.endsWith('.sqlite'))).toHaveLength(2);

    // Back to the first server: its stored session waits behind its password, then its own cache answers.
    const alphaProfile = profiles.find((profile) => profile.origin === first.server!.origin)!;
    const switched = await service.handlers['profiles:switch']({ profileId: alphaProfile.id });
    expect(switched).toMatchObject({ state: 'locked', server: { origin: first.server!.origin }, user: { username: 'admin' } });
    await expect(siteCount(service)).rejects.toMatchObject({ code: 'locked' });
    const synced = syncFinished(service);
    const unlocked = await service.handlers['session:unlock']({ password: passwordOf(alpha, 'admin') });
    expect(unlocked).toMatchObject({ state: 'signed-in', server: { origin: first.server!.origin } });
    expect(await siteCount(service)).toBe(alpha.siteCount);
    await synced;

    // Remove the second profile: its session, key and cache files go; the first one is untouched.
    const betaProfile = profiles.find((profile) => profile.origin === second.server!.origin)!;
    const remaining = await service.handlers['profiles:remove']({ profileId: betaProfile.id, confirm: true });
    expect(remaining.profiles.map((profile) => profile.id)).toEqual([alphaProfile.id]);
    const vault = createKeychainVault(consoles.keychainService);
    expect(await vault.get(vaultAccount(second.server!.origin, second.user!.id, 'session-token'))).toBeNull();
    expect(await vault.get(vaultAccount(second.server!.origin, second.user!.id, 'cache-key-share'))).toBeNull();
    expect((await readdir(path.join(dataDir, 'caches'))).filter((name) => name.startsWith(betaProfile.id))).toEqual([]);
    expect(await siteCount(service)).toBe(alpha.siteCount);
  });

  it('refuses a removal without confirmation', async () => {
    const service = await consoles.launch();
    await signIn(service, alphaServer.sim, 'admin');
    const { profiles } = await service.handlers['profiles:list'](undefined);
    const result = await createDispatcher(service.handlers)('profiles:remove', { profileId: profiles[0]!.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
