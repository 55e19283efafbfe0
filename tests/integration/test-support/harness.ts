import diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { RunningSimulator, SimulatorOptions } from '#sim/src/server.ts';
import { passwordOf, startTestSim, type TestSim } from '#sim/src/testing/sim-client.ts';
import { createConsoleService, type ConsoleService, type ConsoleServiceOptions } from '#core/console-service.ts';
import type { ScryptParams } from '#core/lock/offline-credential-schema.ts';
import type { EventName, EventPayload, SessionSnapshot } from '#shared/ipc/contract.ts';
import type { SyncStatus } from '#shared/fleet/index.ts';

/*
 * What the integration tests share: one simulator per file (real HTTPS, test-control port), and
 * consoles (the whole core, real keychain under `npm test`'s throwaway D-Bus session) that each test
 * launches in a data folder and keychain service of its own.
 */

export interface SimulatorFixture {
  readonly sim: RunningSimulator;
  /** A call to the simulator's test-control port; throws on anything but 2xx. */
  control(pathname: string, body?: unknown, method?: string): Promise<void>;
}

/** Starts the simulator before the file's tests, clears its injected faults after each, stops it after all. */
export function useSimulator(options: Pick<SimulatorOptions, 'seed' | 'sites' | 'now'>): SimulatorFixture {
  let running: TestSim | null = null;
  const fixture: SimulatorFixture = {
    get sim() {
      if (!running) throw new Error('the simulator starts in beforeAll');
      return running.sim;
    },
    async control(pathname, body, method = 'POST') {
      const response = await fetch(`${fixture.sim.controlUrl}${pathname}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`control ${pathname}: ${response.status}`);
    },
  };
  beforeAll(async () => {
    running = await startTestSim({ ...options, port: 0, controlPort: 0 });
    // Many sign-ins within seconds: the 5/min auth limit has its own tests in the simulator's suite.
    await fixture.control('/control/config', { authRateLimitPerMinute: 1000 });
  });
  afterEach(() => fixture.control('/control/faults', undefined, 'DELETE'));
  afterAll(() => running?.stop());
  return fixture;
}

export interface ConsoleFixture {
  /** This test's data folder; every launch within the test shares it (a relaunch sees the same files). */
  readonly dataDir: string;
  readonly keychainService: string;
  /** Starts a console service, as the web shell would; disposed after the test. */
  launch(overrides?: Partial<ConsoleServiceOptions>): Promise<ConsoleService>;
}

/**
 * The offline credential's scrypt at a test's cost: real scrypt, 2^12 instead of the product's 2^17. Every
 * sign-in and unlock derives it, and at the product's cost a test of a cache recovery spent most of its time
 * there (near the 30 s limit on a busy machine). offline-unlock.test.ts runs the product's cost end to end;
 * the verifier's own tests pin the default.
 */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };

export function useConsoles(defaults: Partial<ConsoleServiceOptions> = {}): ConsoleFixture {
  let dataDir = '';
  let keychainService = '';
  const launched: ConsoleService[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cc-integration-'));
    // Keychain entries are named by origin + user, which every test shares: a service per test.
    keychainService = `central-console-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    while (launched.length) await launched.pop()!.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get dataDir() {
      return dataDir;
    },
    get keychainService() {
      return keychainService;
    },
    async launch(overrides = {}) {
      const service = await createConsoleService({
        dataDir,
        shell: 'web',
        appVersion: 'test',
        platform: process.platform,
        keychainService,
        syncIntervalSeconds: 3600,
        scryptParams: TEST_SCRYPT,
        ...defaults,
        ...overrides,
      });
      launched.push(service);
      return service;
    },
  };
}

/** The next event of this kind that matches; subscribe before triggering what sends it. */
export function nextEvent<E extends EventName>(service: ConsoleService, event: E, match: (payload: EventPayload<E>) => boolean = () => true): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const off = service.onEvent((name, payload) => {
      if ((name as EventName) === event && match(payload as unknown as EventPayload<E>)) {
        off();
        resolve(payload as unknown as EventPayload<E>);
      }
    });
  });
}

export const syncFinished = (service: ConsoleService) => nextEvent(service, 'sync:changed', (status: SyncStatus) => status.phase !== 'syncing');

/** Signs a demo user without a second factor in and waits for the first sync to end. */
export async function signIn(service: ConsoleService, sim: RunningSimulator, username: string): Promise<{ snapshot: SessionSnapshot; status: SyncStatus }> {
  const finished = syncFinished(service);
  const snapshot = await service.handlers['session:signIn']({ serverUrl: sim.url, caFilePath: sim.caFile, username, password: passwordOf(sim, username) });
  return { snapshot, status: await finished };
}

export interface WireRequest {
  method: string;
  path: string;
  ifNoneMatch: string | null;
  status: number;
}

/**
 * Every answered HTTP request this process sends to `origin`, as undici reports it on its diagnostics
 * channel: what went over the wire, not what the product says it sent. Call stop() when done.
 */
export function recordWireRequests(origin: string): { readonly requests: WireRequest[]; stop(): void } {
  const requests: WireRequest[] = [];
  const onHeaders = (message: unknown) => {
    const { request, response } = message as { request: { origin: string | URL; method: string; path: string; headers: string[] | string }; response: { statusCode: number } };
    if (String(request.origin).replace(/\/$/, '') !== origin) return;
    const headers = Array.isArray(request.headers) ? request.headers : request.headers.split('\r\n').flatMap((line) => line.split(/:\s*/, 2));
    const index = headers.findIndex((name, at) => at % 2 === 0 && name.toLowerCase() === 'if-none-match');
    requests.push({ method: request.method, path: request.path, ifNoneMatch: index === -1 ? null : headers[index + 1]!, status: response.statusCode });
  };
  diagnosticsChannel.subscribe('undici:request:headers', onHeaders);
  return { requests, stop: () => diagnosticsChannel.unsubscribe('undici:request:headers', onHeaders) };
}
