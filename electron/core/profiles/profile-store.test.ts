import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProfileStore } from './profile-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cc-profiles-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const account = (userId: string) => ({ origin: 'https://cc.example.test', caFilePath: null, userId, username: `user-${userId}`, displayName: 'Tech', role: 'operator', lastSignedInAt: '2026-11-23T09:00:00Z' });

describe('profile store', () => {
  it('keeps every change when changes overlap, in memory and on disk', async () => {
    const store = createProfileStore(dir);
    await Promise.all([store.upsertAndActivate(account('1')), store.rememberServer({ origin: 'https://other.test', caFilePath: null, username: 'x' }), store.upsertAndActivate(account('2'))]);
    const onDisk = JSON.parse(await readFile(path.join(dir, 'profiles.json'), 'utf8'));
    expect(onDisk.profiles.map((profile: { userId: string }) => profile.userId).sort()).toEqual(['1', '2']);
    expect(onDisk.lastServer.origin).toBe('https://other.test');
    expect((await createProfileStore(dir).list()).profiles).toHaveLength(2);
  });

  it('moves a torn or foreign profile list aside and starts empty, so sign-in still works', async () => {
    await writeFile(path.join(dir, 'profiles.json'), '{"version":1,"activeProfileId":"ab');
    const store = createProfileStore(dir);
    expect(await store.active()).toBeNull();
    await store.upsertAndActivate(account('1'));
    expect((await readdir(dir)).filter((name) => name.startsWith('profiles.json.bad-'))).toHaveLength(1);

    await writeFile(path.join(dir, 'profiles.json'), '{"version":7}');
    expect((await createProfileStore(dir).list()).profiles).toEqual([]);
  });

  it('refuses to activate a profile that is not there, and the next change still goes through', async () => {
    const store = createProfileStore(dir);
    await expect(store.activate('nope')).rejects.toMatchObject({ code: 'not-found' });
    expect((await store.upsertAndActivate(account('1'))).userId).toBe('1');
  });
});
