import { open as openFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import type { ConsoleService } from '#core/console-service.ts';
import { createCacheKeyCustody, offlineUnlockPaths } from '#core/lock/cache-key-custody.ts';
import { durableFileFor } from '#core/durable/profile-durable-store.ts';
import { createKeychainVault } from '#core/vault/keychain-vault.ts';
import { vaultAccount } from '#core/vault/accounts.ts';
import { nextEvent, signIn, useConsoles, useSimulator } from './test-support/harness.ts';

// The durable store (audit log, outbox) must outlive everything that replaces the cache key or the
// cache, end to end through the console service, the real keychain, real SQLCipher files and the simulator.
const simulator = useSimulator({ seed: 11, sites: 20 });
const consoles = useConsoles();
const password = () => passwordOf(simulator.sim, 'admin');

interface SignedIn {
  owner: { origin: string; userId: string; username: string };
  cacheFile: string;
  durableFile: string;
}

/** Signs in, writes one audit entry and one outbox item, and quits. */
async function signedInWithRecords(): Promise<SignedIn> {
  const service = await consoles.launch();
  const { snapshot } = await signIn(service, simulator.sim, 'admin');
  const durable = service.durableStore()!;
  await durable.appendAudit({ action: 'incident.resolve', target: 'incident-42', outcome: 'requested' });
  await durable.enqueueOutbox({ id: 'action-1', kind: 'incident.resolve', payload: { incidentId: 'incident-42' } });
  await service.dispose();
  const owner = { origin: snapshot.server!.origin, userId: snapshot.user!.id, username: 'admin' };
  const caches = path.join(consoles.dataDir, 'caches');
  const cacheFile = path.join(caches, (await readdir(caches)).find((name) => name.endsWith('.sqlite'))!);
  const { profiles } = JSON.parse(await readFile(path.join(consoles.dataDir, 'profiles.json'), 'utf8')) as { profiles: { id: string }[] };
  return { owner, cacheFile, durableFile: durableFileFor(consoles.dataDir, profiles[0]!.id) };
}

/** Relaunches and unlocks online; resolves with the notice the unlock raised. */
async function relaunchAndUnlock(): Promise<{ service: ConsoleService; notice: string | null }> {
  const service = await consoles.launch();
  await service.start();
  const snapshot = await service.handlers['session:unlock']({ password: password() });
  expect(snapshot.state).toBe('signed-in');
  return { service, notice: snapshot.notice };
}

async function expectRecordsKept(service: ConsoleService) {
  const durable = service.durableStore()!;
  expect((await durable.listAudit()).map((entry) => [entry.action, entry.target])).toEqual([['incident.resolve', 'incident-42']]);
  expect(await durable.listOutbox({ state: 'pending' })).toEqual([expect.objectContaining({ id: 'action-1', payload: { incidentId: 'incident-42' } })]);
}

const movedAside = async (folder: string) => (await readdir(folder)).filter((name) => name.includes('.bad-'));

describe('durable store outlives the cache', () => {
  it('a damaged cache is moved aside and rebuilt; the audit log and outbox are read back', async () => {
    const { cacheFile, durableFile } = await signedInWithRecords();
    const handle = await openFile(cacheFile, 'r+');
    await handle.write(Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
    await handle.close();
    const { service, notice } = await relaunchAndUnlock();
    expect(notice).toMatch(/damaged.*moved aside/);
    expect(await movedAside(path.dirname(cacheFile))).not.toEqual([]);
    await expectRecordsKept(service);
    expect(await movedAside(path.dirname(durableFile))).toEqual([]);
  });

  // The simulator has no password change; what the console meets after one is a credential sealed
  // under the former password while Central Command accepts the new one. The credential is resealed
  // under another password here, through the real custody, to stand for that.
  it('the password changed on the server: the cache key is replaced, the records are read back', async () => {
    const { owner, cacheFile } = await signedInWithRecords();
    await createCacheKeyCustody({ vault: createKeychainVault(consoles.keychainService) }).seal(owner, cacheFile, 'Former!Password42');
    const { service, notice } = await relaunchAndUnlock();
    expect(notice).toMatch(/password changed/);
    await expectRecordsKept(service);
  });

  it('the cache key share deleted from the keychain: the cache is replaced, the records are read back', async () => {
    const { owner, cacheFile } = await signedInWithRecords();
    expect(await createKeychainVault(consoles.keychainService).delete(vaultAccount(owner.origin, owner.userId, 'cache-key-share'))).toBe(true);
    const { service, notice } = await relaunchAndUnlock();
    expect(notice).toMatch(/no longer in the keychain/);
    expect(await movedAside(path.dirname(cacheFile))).not.toEqual([]);
    await expectRecordsKept(service);
  });

  it('the offline credential file edited: the cache key is replaced, the records are read back', async () => {
    const { cacheFile } = await signedInWithRecords();
    const file = offlineUnlockPaths(cacheFile).credential;
    const credential = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...credential, createdAt: '2020-01-01T00:00:00.000Z' }));
    const { service, notice } = await relaunchAndUnlock();
    expect(notice).toMatch(/changed or does not belong/);
    await expectRecordsKept(service);
  });

  it('the durable key gone from the keychain: the old store is kept aside, a new one starts, and the technician is told', async () => {
    const { owner, durableFile } = await signedInWithRecords();
    await createKeychainVault(consoles.keychainService).delete(vaultAccount(owner.origin, owner.userId, 'durable-key'));
    const { service, notice } = await relaunchAndUnlock();
    expect(notice).toMatch(/record of your actions.*no longer in the system keychain.*not sent/);
    const keptAside = (await movedAside(path.dirname(durableFile))).filter((name) => /\.bad-\d{14}$/.test(name));
    expect(keptAside).toHaveLength(1);
    expect((await readFile(path.join(path.dirname(durableFile), keptAside[0]!))).length).toBeGreaterThan(0);
    const durable = service.durableStore()!;
    expect(await durable.listAudit()).toEqual([]);
    await durable.appendAudit({ action: 'site.note', target: 'site-1', outcome: 'requested' });
    expect(await durable.listAudit()).toHaveLength(1);
  });

  it('"remove local data" deletes the durable store, its copies and its key', async () => {
    const { owner, durableFile } = await signedInWithRecords();
    const service = await consoles.launch();
    await service.start();
    const signedOut = nextEvent(service, 'session:changed', (snapshot) => snapshot.state === 'signed-out');
    await service.handlers['session:signOut'](undefined);
    await signedOut;
    const { profiles } = await service.handlers['profiles:list'](undefined);
    await service.handlers['profiles:remove']({ profileId: profiles[0]!.id, confirm: true });
    expect(await readdir(path.dirname(durableFile))).toEqual([]);
    expect(await createKeychainVault(consoles.keychainService).get(vaultAccount(owner.origin, owner.userId, 'durable-key'))).toBeNull();
  });
});
