import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { isConsoleError } from '#shared/errors.ts';
import { nextEvent, signIn, syncFinished, useConsoles, useSimulator } from './test-support/harness.ts';

// The whole core (session, vault, api, cache worker, sync) against the simulator over real HTTPS,
// with the real Secret Service (run under dbus-run-session by `npm test`).
const allSites = FleetQuerySchema.parse(undefined);
const simulator = useSimulator({ seed: 7, sites: 120 });
const logs: Array<{ message: string; fields?: Record<string, unknown> }> = [];
const consoles = useConsoles({ log: (_level, message, fields) => logs.push(fields ? { message, fields } : { message }) });
const signInAdmin = (service: Parameters<typeof signIn>[0]) => signIn(service, simulator.sim, 'admin');

describe('console service against the simulator', () => {
  it('signs in, syncs every site into the encrypted cache, and leaves no plaintext on disk', async () => {
    const service = await consoles.launch();
    await service.start();
    const { snapshot, status } = await signInAdmin(service);
    expect(snapshot.state).toBe('signed-in');
    expect(snapshot.connectivity).toBe('online');
    expect(status.phase).toBe('idle');
    const overview = await service.handlers['fleet:overview'](allSites);
    expect(overview.sites).toHaveLength(simulator.sim.siteCount);
    expect(overview.stats?.totalClients).toBe(simulator.sim.siteCount);
    expect(overview.sites.some((site) => site.healthOverall !== null)).toBe(true);

    // The snapshot carries no token, and the cache files hold no clinic name in plaintext.
    expect(JSON.stringify(snapshot)).not.toMatch(/token/i);
    const cacheDir = path.join(consoles.dataDir, 'caches');
    const clinic = overview.sites[0]!.clinicName;
    for (const file of await readdir(cacheDir)) {
      const bytes = await readFile(path.join(cacheDir, file));
      expect(bytes.includes(Buffer.from(clinic)), `${file} contains "${clinic}"`).toBe(false);
    }
  });

  it('a second sync with nothing changed costs only 304s and rewrites nothing', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    logs.length = 0;
    const finished = syncFinished(service);
    await service.handlers['sync:now'](undefined);
    await finished;
    const last = logs.filter((entry) => entry.message === 'fleet sync finished').at(-1);
    expect(last?.fields).toMatchObject({ changed: false });
    expect(last?.fields?.requests).toBe(last?.fields?.notModified);
  });

  it('a sync that fails half-way keeps the previous cache intact and says why', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    const before = await service.handlers['fleet:overview'](allSites);
    await simulator.control('/control/fleet/touch', {});
    await simulator.control('/control/faults', { path: '/api/dashboard/stats', count: 5, kind: 'status', status: 500 });
    const finished = syncFinished(service);
    await service.handlers['sync:now'](undefined);
    const failed = await finished;
    expect(failed.phase).toBe('error');
    expect(failed.error?.code).toBe('server-error');
    expect(await service.handlers['fleet:overview'](allSites)).toEqual(before);
  });

  it('signs in with TOTP after the password', async () => {
    const service = await consoles.launch();
    const challenged = await service.handlers['session:signIn']({ serverUrl: simulator.sim.url, caFilePath: simulator.sim.caFile, username: 'alice', password: passwordOf(simulator.sim, 'alice') });
    expect(challenged.state).toBe('mfa-required');
    // A wrong code spends the MFA token (as Central Command does): back to the password step, with a notice.
    await expect(service.handlers['session:verifyTotp']({ code: '000000' === simulator.sim.totp('alice') ? '111111' : '000000' })).rejects.toSatisfy((error) => isConsoleError(error, 'mfa-invalid'));
    expect(await service.handlers['session:get'](undefined)).toMatchObject({ state: 'signed-out', notice: expect.stringMatching(/Sign in again/) });
    await service.handlers['session:signIn']({ serverUrl: simulator.sim.url, caFilePath: simulator.sim.caFile, username: 'alice', password: passwordOf(simulator.sim, 'alice') });
    const finished = syncFinished(service);
    const signedIn = await service.handlers['session:verifyTotp']({ code: simulator.sim.totp('alice') });
    expect(signedIn).toMatchObject({ state: 'signed-in', user: { username: 'alice', role: 'operator' } });
    await finished;
  });

  it('relaunched while Central Command is down, it starts locked and shows the cached fleet offline after the password', async () => {
    const first = await consoles.launch();
    const { status } = await signInAdmin(first);
    await first.dispose();

    await simulator.control('/control/faults', { path: '/api/*', count: 100, kind: 'drop' });
    const second = await consoles.launch();
    await second.start();
    expect(await second.handlers['session:get'](undefined)).toMatchObject({ state: 'locked', user: { username: 'admin' } });
    await expect(second.handlers['fleet:overview'](allSites)).rejects.toMatchObject({ code: 'locked' });
    const snapshot = await second.handlers['session:unlock']({ password: passwordOf(simulator.sim, 'admin') });
    expect(snapshot).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    const overview = await second.handlers['fleet:overview'](allSites);
    expect(overview.sites).toHaveLength(simulator.sim.siteCount);
    expect(overview.syncedAt).toBe(status.lastSyncedAt);
  });

  it('sign-out deletes the session token from the keychain and keeps the cache', async () => {
    const service = await consoles.launch();
    const { snapshot } = await signInAdmin(service);
    const vault = createKeychainVault(consoles.keychainService);
    const tokenAccount = vaultAccount(snapshot.server!.origin, snapshot.user!.id, 'session-token');
    const keyAccount = vaultAccount(snapshot.server!.origin, snapshot.user!.id, 'cache-key-share');
    expect(await vault.get(tokenAccount)).toBeTruthy();
    const signedOut = await service.handlers['session:signOut'](undefined);
    expect(signedOut.state).toBe('signed-out');
    expect(await vault.get(tokenAccount)).toBeNull();
    expect(await vault.get(keyAccount)).toBeTruthy();
    expect(await readdir(path.join(consoles.dataDir, 'caches'))).not.toHaveLength(0);
    await vault.delete(keyAccount);
  });

  it('a 401 in the background ends the session with a notice', async () => {
    const service = await consoles.launch();
    await signInAdmin(service);
    await simulator.control('/control/sessions/expire', {});
    const expired = nextEvent(service, 'session:changed', (snapshot) => snapshot.state === 'expired');
    await service.handlers['sync:now'](undefined);
    expect((await expired).notice).toMatch(/Sign in again/);
  });
});
