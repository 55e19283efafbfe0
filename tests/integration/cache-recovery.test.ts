import { createHash } from 'node:crypto';
import { open as openFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { createCacheKeyCustody } from '#core/lock/cache-key-custody.ts';
import { openRawConnection } from '#core/cache/test-support/cache-fixtures.ts';
import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { TEST_SCRYPT, nextEvent, signIn, useConsoles, useSimulator } from './test-support/harness.ts';

// What a technician meets when the local cache cannot be used (SECURITY.md "Local data"),
// end to end through the console service, the real keychain and real SQLCipher files.
const simulator = useSimulator({ seed: 3, sites: 40 });
const consoles = useConsoles();
const adminPassword = () => passwordOf(simulator.sim, 'admin');

async function signedInOnce(): Promise<{ file: string; keyHex: string }> {
  const service = await consoles.launch();
  const { snapshot } = await signIn(service, simulator.sim, 'admin');
  await service.dispose();
  const caches = path.join(consoles.dataDir, 'caches');
  const file = path.join(caches, (await readdir(caches)).find((name) => name.endsWith('.sqlite'))!);
  // The key, as the console itself rebuilds it: the keychain's share plus the password's.
  const owner = { origin: snapshot.server!.origin, userId: snapshot.user!.id, username: 'admin' };
  const keyHex = await createCacheKeyCustody({ vault: createKeychainVault(consoles.keychainService), scryptParams: TEST_SCRYPT }).unseal(owner, file, adminPassword(), 7, async (keyHex) => keyHex);
  return { file, keyHex };
}

/** Damages the sites table's root page: a page in use, but nothing the open itself reads. */
async function damageSitesRootPage(file: string, keyHex: string): Promise<void> {
  const raw = openRawConnection(file, keyHex);
  const { rootpage } = raw.prepare<[], { rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE name = 'sites'").get()!;
  raw.close();
  const handle = await openFile(file, 'r+');
  await handle.write(Buffer.alloc(64, 0x5a), 0, 64, (rootpage - 1) * 4096 + 100);
  await handle.close();
}

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('local cache recovery', () => {
  it('a cache written by a newer console: "update the console", signed out, nothing deleted', async () => {
    const { file, keyHex } = await signedInOnce();
    const raw = openRawConnection(file, keyHex);
    raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (999, ?)').run(new Date().toISOString());
    raw.close();
    const before = await sha256(file);

    const relaunched = await consoles.launch();
    await relaunched.start();
    await expect(relaunched.handlers['session:unlock']({ password: adminPassword() })).rejects.toMatchObject({ code: 'cache-newer-version' });
    const snapshot = await relaunched.handlers['session:get'](undefined);
    expect(snapshot.state).toBe('signed-out');
    expect(snapshot.notice).toMatch(/newer Central Console/);
    expect(await sha256(file)).toBe(before);
    expect((await readdir(path.dirname(file))).filter((name) => name.includes('.bad-'))).toEqual([]);
  });

  it('a damaged cache is moved aside, the technician is told, and the fleet is synced afresh', async () => {
    const { file } = await signedInOnce();
    const handle = await openFile(file, 'r+');
    await handle.write(Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
    await handle.close();

    const relaunched = await consoles.launch();
    const told = nextEvent(relaunched, 'session:changed', (snapshot) => /moved aside/.test(snapshot.notice ?? ''));
    const synced = nextEvent(relaunched, 'sync:changed', (status) => status.phase === 'idle' && status.lastSyncedAt !== null);
    await relaunched.start();
    await relaunched.handlers['session:unlock']({ password: adminPassword() });
    expect((await told).notice).toMatch(/damaged/);
    await synced;
    expect((await relaunched.handlers['session:get'](undefined)).notice).toMatch(/moved aside/);
    expect((await relaunched.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 }))).rows).toHaveLength(simulator.sim.siteCount);
    expect((await readdir(path.dirname(file))).some((name) => name.includes('.bad-'))).toBe(true);
  });

  it('damage deep in a cache that opens: found after the open (by the first read that meets it, or the day\'s check), the cache is moved aside, the technician is told, and the fleet is synced afresh', async () => {
    const { file, keyHex } = await signedInOnce();
    await damageSitesRootPage(file, keyHex);

    const relaunched = await consoles.launch();
    const told = nextEvent(relaunched, 'session:changed', (snapshot) => /moved aside/.test(snapshot.notice ?? ''));
    await relaunched.start();
    await relaunched.handlers['session:unlock']({ password: adminPassword() });
    expect((await relaunched.handlers['session:get'](undefined)).state).toBe('signed-in');
    // The fleet view's first read meets the damaged page (the sync may answer from 304s and write no site);
    // it fails, or answers from the rebuilt cache once the recovery has run.
    await relaunched.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 })).catch((error: unknown) => expect(error).toMatchObject({ code: 'cache-corrupt' }));
    expect((await told).notice).toMatch(/could not be read \(it is damaged\)/);
    const synced = nextEvent(relaunched, 'sync:changed', (status) => status.phase === 'idle' && status.lastSyncedAt !== null);
    await synced;
    expect((await relaunched.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 }))).rows).toHaveLength(simulator.sim.siteCount);
    expect((await readdir(path.dirname(file))).filter((name) => name.endsWith('.sqlite') || /\.bad-\d+$/.test(name))).toHaveLength(2);
  });

  it('damage deep in a cache opened offline: a read that meets it fails saying so, the technician is told, and nothing is moved (nothing could be rebuilt offline)', async () => {
    const { file, keyHex } = await signedInOnce();
    await damageSitesRootPage(file, keyHex);
    await simulator.control('/control/faults', { path: '/api/*', count: 100, kind: 'drop' });

    const relaunched = await consoles.launch();
    const told = nextEvent(relaunched, 'session:changed', (snapshot) => /damaged/.test(snapshot.notice ?? ''));
    await relaunched.start();
    expect(await relaunched.handlers['session:unlock']({ password: adminPassword() })).toMatchObject({ state: 'signed-in', connectivity: 'offline' });
    await expect(relaunched.handlers['fleet:overview'](FleetQuerySchema.parse({ limit: 500 }))).rejects.toMatchObject({ code: 'cache-corrupt', message: expect.stringMatching(/^The local cache is damaged/) });
    expect((await told).notice).toMatch(/is damaged, so some of it cannot be shown\. It will be moved aside and rebuilt from Central Command at your next online sign-in\./);
    expect((await readdir(path.dirname(file))).filter((name) => name.includes('.bad-'))).toEqual([]);
  });
});
