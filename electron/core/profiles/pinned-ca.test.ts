import { ConsoleError } from '#shared/errors.ts';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDevPki } from '#sim/src/certs.ts';
import { failure, useScriptedApi } from '../api/test-support/api-harness.ts';
import { sendJson } from '../api/test-support/scripted-server.ts';
import { createCacheKeyCustody } from '../lock/cache-key-custody.ts';
import { createSessionController } from '../session/session-controller.ts';
import { createMemoryVault } from '../vault/memory-vault.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import { sha256Hex } from './pinned-ca.ts';
import { createProfileStore, profileIdFor } from './profile-store.ts';
import { pinnedCaOfSession, replacePinnedCa } from './replace-ca.ts';

// Real CA files on disk, the real profile store and session controller, and the scripted HTTPS
// server whose certificate chains to the harness's CA. The keychain is an in-memory map here (the
// real one has its own tests); nothing else is replaced.
const scripted = useScriptedApi();
const USER = { username: 'tech', displayName: 'Tech', role: 'operator' };
const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

let root: string;
let dataDir: string;
/** Where the technician keeps the CA file they chose: a folder others could write to. */
let chosenCaFile: string;
let impostorCaPem: string;
let vault: Vault;

beforeAll(async () => {
  impostorCaPem = (await createDevPki('Impostor')).caCertPem;
});

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cc-pinned-ca-'));
  dataDir = path.join(root, 'data');
  await mkdir(path.join(root, 'Downloads'));
  chosenCaFile = path.join(root, 'Downloads', 'central-command-ca.pem');
  await writeFile(chosenCaFile, scripted.caPem);
  vault = createMemoryVault();
  scripted.server.script((request, response) => {
    if (request.path === '/api/auth/login') {
      if (!request.body.includes('"right"')) return sendJson(response, 200, { success: false, error: 'Invalid username or password' });
      return sendJson(response, 200, { success: true, user: USER, error: null }, { 'set-cookie': 'session_token=tok-1; HttpOnly; Secure; SameSite=Strict; Path=/' });
    }
    if (request.path === '/api/auth/me') return sendJson(response, 200, { id: 'u-1', ...USER });
    return sendJson(response, 200, { success: true });
  });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** One console launch over the same data folder and keychain. */
function launch() {
  const profiles = createProfileStore(dataDir);
  const session = createSessionController({
    vault,
    profiles,
    custody: createCacheKeyCustody({ vault, scryptParams: FAST_SCRYPT }),
    maxOfflineDays: async () => 7,
    describeIdleLock: () => 'Locked.',
    allowInsecureLoopback: false,
    resolveProxy: async () => ({ kind: 'direct' }),
    defaultServer: null,
    onChange: () => undefined,
    // These tests unlock online only: an offline unlock would have no cache to open.
    openExistingCache: async () => {
      throw new ConsoleError('cache-missing', 'There is no local cache in these tests.');
    },
    onSessionReady: async () => undefined,
    onReviewReady: async () => undefined,
    onSessionEnded: async () => undefined,
  });
  return { profiles, session };
}

async function signedIn(caFilePath: string | null = chosenCaFile) {
  const console = launch();
  expect((await console.session.signIn({ serverUrl: scripted.server.origin, caFilePath, username: 'tech', password: 'right' })).state).toBe('signed-in');
  return console;
}

const pinnedPath = () => path.join(dataDir, 'profiles', profileIdFor(scripted.server.origin, 'u-1'), 'ca.pem');
const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('pinned CA file (real files, scripted HTTPS server)', () => {
  it('sign-in copies the chosen CA file into the profile’s private folder and records its SHA-256', async () => {
    const { profiles } = await signedIn();
    const profile = await profiles.active();
    expect(profile?.caFilePath).toBe(pinnedPath());
    expect(profile?.caSha256).toBe(sha256Hex(scripted.caPem));
    expect(await readFile(pinnedPath(), 'utf8')).toBe(scripted.caPem);
    expect((await stat(pinnedPath())).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(pinnedPath()))).mode & 0o777).toBe(0o700);
    const onDisk = JSON.parse(await readFile(path.join(dataDir, 'profiles.json'), 'utf8'));
    expect(onDisk.profiles[0]).toMatchObject({ caFilePath: pinnedPath(), caSha256: sha256Hex(scripted.caPem) });
  });

  it('replacing (or deleting) the original after sign-in changes nothing: later connections use the copy', async () => {
    const first = await signedIn();
    await first.session.lock('requested');
    await writeFile(chosenCaFile, impostorCaPem);

    const unlocked = await first.session.unlock('right');
    expect(unlocked).toMatchObject({ state: 'signed-in', connectivity: 'online' });

    await rm(chosenCaFile);
    const relaunched = launch();
    await relaunched.session.restore();
    expect((await relaunched.session.unlock('right'))).toMatchObject({ state: 'signed-in', connectivity: 'online' });
  });

  it('refuses a pinned copy that was changed on disk, with a message that says what to do', async () => {
    const first = await signedIn();
    await first.session.lock('requested');
    await writeFile(pinnedPath(), impostorCaPem);
    const error = await failure(first.session.unlock('right'));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/changed on this computer.*Sign in again/);
  });

  it('pins nothing for a profile that trusts the system CAs only', async () => {
    const profiles = createProfileStore(dataDir);
    const account = { origin: 'https://cc.example.test', userId: 'u-9' };
    expect(await profiles.pinCaFile(account, null)).toBeNull();
    const stored = await profiles.upsertAndActivate({ ...account, caFilePath: null, ...USER, lastSignedInAt: '2026-11-01T09:00:00Z' });
    expect(stored.caSha256).toBeNull();
    expect(await profiles.pinnedCa(stored.id)).toBeNull();
  });

  it('migrates a profile from before pinning: the file it names is copied in once, and later changes to it do not matter', async () => {
    const id = profileIdFor(scripted.server.origin, 'u-1');
    const old = { id, origin: scripted.server.origin, caFilePath: chosenCaFile, userId: 'u-1', ...USER, lastSignedInAt: '2026-11-01T09:00:00Z' };
    const unreadable = { ...old, id: profileIdFor('https://gone.example', 'u-2'), origin: 'https://gone.example', userId: 'u-2', caFilePath: path.join(root, 'missing.pem') };
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'profiles.json'), JSON.stringify({ version: 1, activeProfileId: id, lastServer: null, profiles: [old, unreadable] }));

    const profiles = createProfileStore(dataDir);
    expect(await profiles.active()).toMatchObject({ caFilePath: pinnedPath(), caSha256: sha256Hex(scripted.caPem) });
    expect((await profiles.get(unreadable.id))?.caFilePath).toBe(unreadable.caFilePath);
    const onDisk = JSON.parse(await readFile(path.join(dataDir, 'profiles.json'), 'utf8'));
    expect(onDisk.profiles[0].caFilePath).toBe(pinnedPath());

    await writeFile(chosenCaFile, impostorCaPem);
    expect(await profiles.readCaFile(pinnedPath())).toBe(scripted.caPem);
    expect(await createProfileStore(dataDir).readCaFile(pinnedPath())).toBe(scripted.caPem);
  });
});

describe('Settings: the pinned CA (real files, scripted HTTPS server)', () => {
  it('shows the fingerprint of the pinned CA while signed in, and nothing when not', async () => {
    const { session, profiles } = await signedIn();
    expect(await pinnedCaOfSession(session.active(), profiles)).toEqual({ pinned: { sha256: sha256Hex(scripted.caPem), fingerprints: [fingerprintOf(scripted.caPem)] } });
    await session.signOut();
    expect(await pinnedCaOfSession(session.active(), profiles)).toEqual({ pinned: null });
  });

  it('refuses to replace it unless signed in, and keeps the pinned copy', async () => {
    const { session, profiles } = await signedIn();
    await session.lock('requested');
    const replacement = path.join(root, 'Downloads', 'new-ca.pem');
    await writeFile(replacement, `${scripted.caPem}\n${impostorCaPem}`);
    const error = await failure(replacePinnedCa({ active: session.active(), profiles, caFilePath: replacement, allowInsecureLoopback: false }));
    expect(error.code).toBe('invalid-state');
    expect(error.message).toContain('Sign in');
    expect(await readFile(pinnedPath(), 'utf8')).toBe(scripted.caPem);
  });

  it('refuses a CA that Central Command’s certificate does not chain to, and keeps the pinned copy', async () => {
    const { session, profiles } = await signedIn();
    const wrong = path.join(root, 'Downloads', 'wrong-ca.pem');
    await writeFile(wrong, impostorCaPem);
    const error = await failure(replacePinnedCa({ active: session.active(), profiles, caFilePath: wrong, allowInsecureLoopback: false }));
    expect(error.code).toBe('certificate-untrusted');
    expect(await readFile(pinnedPath(), 'utf8')).toBe(scripted.caPem);
    expect((await failure(replacePinnedCa({ active: session.active(), profiles, caFilePath: path.join(root, 'nope.pem'), allowInsecureLoopback: false }))).code).toBe('invalid-input');
  });

  it('while signed in, pins a new CA file that works; later connections use it, not the file', async () => {
    const { session, profiles } = await signedIn();
    const bundle = path.join(root, 'Downloads', 'bundle.pem');
    const bundlePem = `${impostorCaPem}\n${scripted.caPem}`;
    await writeFile(bundle, bundlePem);
    const replaced = await replacePinnedCa({ active: session.active(), profiles, caFilePath: bundle, allowInsecureLoopback: false });
    expect(replaced).toEqual({ pinned: { sha256: sha256Hex(bundlePem), fingerprints: [fingerprintOf(impostorCaPem), fingerprintOf(scripted.caPem)] } });
    expect(await readFile(pinnedPath(), 'utf8')).toBe(bundlePem);

    await rm(bundle);
    await session.lock('requested');
    expect(await session.unlock('right')).toMatchObject({ state: 'signed-in', connectivity: 'online' });
    expect((await profiles.active())?.caSha256).toBe(sha256Hex(bundlePem));
  });
});
