import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient, type ApiClientOptions } from '../api/client.ts';
import { sendJson } from '../api/test-support/scripted-server.ts';
import { failure, useScriptedApi } from '../api/test-support/api-harness.ts';
import { createProfileStore } from '../profiles/profile-store.ts';
import type { Vault } from '../vault/keychain-vault.ts';
import { createSessionController } from './session-controller.ts';

// The controller's ownership of API clients (each holds a connection pool), against a scripted
// HTTPS server. The keychain is an in-memory map here: the real one has its own tests.
const scripted = useScriptedApi();
const SESSION_COOKIE = 'session_token=tok-123; HttpOnly; Secure; SameSite=Strict; Max-Age=86400; Path=/';
const USER = { username: 'tech', displayName: 'Tech', role: 'operator' };

let dataDir: string;
let created: Array<{ client: ApiClient; closed: boolean }>;

function memoryVault(): Vault {
  const entries = new Map<string, string>();
  return {
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
  };
}

function controller() {
  return createSessionController({
    vault: memoryVault(),
    profiles: createProfileStore(dataDir),
    allowInsecureLoopback: false,
    defaultServer: null,
    onChange: () => undefined,
    onSessionReady: async () => undefined,
    onSessionEnded: async () => undefined,
    createClient: (options: ApiClientOptions) => {
      const client = createApiClient({ ...options, caPem: scripted.caPem });
      const entry = { client, closed: false };
      created.push(entry);
      return { ...client, close: async () => ((entry.closed = true), client.close()) };
    },
  });
}

const signInInput = (password: string) => ({ serverUrl: scripted.server.origin, caFilePath: null, username: 'tech', password });

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-session-'));
  created = [];
});

afterEach(async () => {
  await Promise.all(created.filter((entry) => !entry.closed).map((entry) => entry.client.close()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('session controller: API clients (in-memory vault)', () => {
  it('closes the client of a refused sign-in', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: false, error: 'Invalid username or password' }));
    const session = controller();
    expect((await failure(session.signIn(signInInput('wrong')))).code).toBe('invalid-credentials');
    expect(created.map((entry) => entry.closed)).toEqual([true]);
  });

  it('keeps the client while signed in and closes it at sign-out', async () => {
    scripted.server.script((request, response) => {
      if (request.path === '/api/auth/login') return sendJson(response, 200, { success: true, user: USER, error: null }, { 'set-cookie': SESSION_COOKIE });
      if (request.path === '/api/auth/me') return sendJson(response, 200, { id: 'u-1', ...USER });
      return sendJson(response, 200, { success: true });
    });
    const session = controller();
    expect((await session.signIn(signInInput('right'))).state).toBe('signed-in');
    expect(created.map((entry) => entry.closed)).toEqual([false]);
    expect((await session.signOut()).state).toBe('signed-out');
    expect(created.map((entry) => entry.closed)).toEqual([true]);
  });

  it('closes the client of an abandoned second step', async () => {
    scripted.server.script((_request, response) => sendJson(response, 200, { success: false, error: 'mfa_required', user: { mfa_token: 'mfa-1' } }));
    const session = controller();
    expect((await session.signIn(signInInput('right'))).state).toBe('mfa-required');
    expect(created.map((entry) => entry.closed)).toEqual([false]);
    session.cancelMfa();
    expect(created.map((entry) => entry.closed)).toEqual([true]);
  });
});
