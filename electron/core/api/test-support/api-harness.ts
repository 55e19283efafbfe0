import { afterAll, afterEach, beforeAll } from 'vitest';
import { createDevPki } from '#sim/src/certs.ts';
import { ConsoleError } from '#shared/errors.ts';
import { createApiClient, type ApiClient, type ApiClientOptions } from '../client.ts';
import { startScriptedServer, type ScriptedServer } from './scripted-server.ts';

/**
 * One scripted HTTPS server per test file, with a dev CA the clients trust, and clients that are
 * closed after each test. Registers the vitest hooks it needs.
 */
export function useScriptedApi() {
  let server: ScriptedServer | null = null;
  let pki: Awaited<ReturnType<typeof createDevPki>> | null = null;
  const clients: ApiClient[] = [];

  beforeAll(async () => {
    pki = await createDevPki('Test');
    server = await startScriptedServer({ certPem: pki.serverCertPem, keyPem: pki.serverKeyPem });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await server?.close();
  });

  return {
    get server(): ScriptedServer {
      if (!server) throw new Error('the scripted server starts in beforeAll');
      return server;
    },
    get caPem(): string {
      return this.pki.caCertPem;
    },
    /** The dev CA and the server certificate it issued (e.g. to compare fingerprints). */
    get pki() {
      if (!pki) throw new Error('the scripted server starts in beforeAll');
      return pki;
    },
    client(overrides: Partial<ApiClientOptions> = {}): ApiClient {
      const made = createApiClient({ origin: this.server.origin, caPem: this.caPem, timeoutMs: 5_000, ...overrides });
      clients.push(made);
      return made;
    },
  };
}

/** The ConsoleError a call rejects with; fails the test if it resolves or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<ConsoleError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConsoleError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
