import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleError } from '#shared/errors.ts';
import type { SyncStatus } from '#shared/fleet/index.ts';
import type { DataKind } from '#shared/ipc/contract.ts';
import type { ActiveSession, SessionController } from '../session/session-controller.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { backoffDelaySeconds, type SyncJob } from './sync-job.ts';
import { createSyncLoop } from './sync-loop.ts';

// The loop's scheduling with in-memory jobs (the real jobs run against the simulator in
// tests/integration and against a scripted server in sync-loop.test.ts). The session controller
// is a stand-in: only its connectivity and expiry are used here.
function sessionStandIn() {
  const calls = { expired: 0, connectivity: [] as string[] };
  let connectivity = 'online';
  const controller = {
    snapshot: () => ({ connectivity }),
    setConnectivity: (value: string) => (calls.connectivity.push(value), (connectivity = value)),
    expire: async () => void calls.expired++,
  } as unknown as SessionController;
  return { controller, calls };
}

const ACTIVE = { profile: { id: 'p' }, api: { me: async () => ({}) }, token: 'tok' } as unknown as ActiveSession;
const CACHE = {} as CacheClient;

/** A job that counts its runs and fails while `failing` says so. */
function countingJob(name: string, options: Partial<SyncJob> & { failWith?: () => unknown } = {}) {
  const job = {
    runs: 0,
    failWith: options.failWith,
    spec: {
      name,
      kinds: options.kinds ?? (['fleet'] as DataKind[]),
      ...(options.cadenceSeconds !== undefined ? { cadenceSeconds: options.cadenceSeconds } : {}),
      ...(options.backoffSeconds ? { backoffSeconds: options.backoffSeconds } : {}),
      ...(options.hints ? { hints: options.hints } : {}),
      run: async () => {
        job.runs++;
        if (job.failWith) throw job.failWith();
        return { syncedAt: new Date().toISOString() };
      },
    } satisfies SyncJob,
  };
  return job;
}

const loops: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(loops.splice(0).map((loop) => loop.stop()));
});

function startLoop(jobs: SyncJob[], options: { intervalSeconds?: number; hintDebounceMs?: number } = {}) {
  const statuses: SyncStatus[] = [];
  const changed: Array<readonly DataKind[]> = [];
  const session = sessionStandIn();
  const loop = createSyncLoop({
    intervalSeconds: options.intervalSeconds ?? 3600,
    session: session.controller,
    onStatus: (status) => statuses.push(status),
    onDataChanged: (kinds) => changed.push(kinds),
    jobs: () => jobs,
    hintDebounceMs: options.hintDebounceMs ?? 50,
    log: () => undefined,
  });
  loops.push(loop);
  const idle = () => vi.waitFor(() => expect(loop.status().phase).not.toBe('syncing'), { timeout: 5000 });
  return { loop, statuses, changed, session, idle };
}

describe('sync jobs in the loop (in-memory jobs)', () => {
  it('runs every registered job in order, each with its own status entry, and announces each job\'s kinds', async () => {
    const fleet = countingJob('fleet', { kinds: ['fleet'] });
    const attention = countingJob('needs attention', { kinds: ['attention'] });
    const { loop, statuses, changed, idle } = startLoop([fleet.spec, attention.spec]);
    await loop.start(ACTIVE, CACHE, null);
    await vi.waitFor(() => expect(attention.runs).toBe(1));
    await idle();
    expect(fleet.runs).toBe(1);
    expect(changed).toEqual([['fleet'], ['attention']]);
    expect(statuses.map((status) => status.progress?.step).filter(Boolean)).toEqual(['fleet', 'needs attention']);
    const status = loop.status();
    expect(status.jobs.map((job) => [job.name, job.phase, job.failures])).toEqual([['fleet', 'idle', 0], ['needs attention', 'idle', 0]]);
    expect(status.jobs.every((job) => job.lastSyncedAt !== null && job.nextRunAt !== null)).toBe(true);
    expect(status).toMatchObject({ phase: 'idle', error: null, lastSyncedAt: status.jobs[0]!.lastSyncedAt });
  });

  it('a failing job backs off on its own entry; the others still run and the loop says what failed', async () => {
    const fleet = countingJob('fleet');
    const incidents = countingJob('incidents', { kinds: ['incidents'], backoffSeconds: [120, 600], failWith: () => new ConsoleError('server-error', 'Central Command answered 500 for /api/incidents.') });
    const attention = countingJob('needs attention', { kinds: ['attention'] });
    const { loop, changed, idle } = startLoop([fleet.spec, incidents.spec, attention.spec]);
    await loop.start(ACTIVE, CACHE, null);
    await vi.waitFor(() => expect(attention.runs).toBe(1));
    await idle();
    expect(changed).toEqual([['fleet'], ['attention']]);
    const status = loop.status();
    const entry = status.jobs.find((job) => job.name === 'incidents')!;
    expect(entry).toMatchObject({ phase: 'waiting', failures: 1, error: { code: 'server-error', message: 'Central Command answered 500 for /api/incidents.' }, lastSyncedAt: null });
    const waited = Date.parse(entry.nextRunAt!) - Date.parse(entry.lastAttemptAt!);
    expect(waited).toBeGreaterThanOrEqual(119_000);
    expect(waited).toBeLessThanOrEqual(121_000);
    expect(status).toMatchObject({ phase: 'error', error: { code: 'server-error' } });

    // Sync now tries it again: the second failure waits the second step of its backoff.
    incidents.failWith = () => new ConsoleError('server-error', 'Still 500.');
    await loop.syncNow();
    await vi.waitFor(() => expect(incidents.runs).toBe(2));
    await idle();
    const again = loop.status().jobs.find((job) => job.name === 'incidents')!;
    expect(again.failures).toBe(2);
    expect(Date.parse(again.nextRunAt!) - Date.parse(again.lastAttemptAt!)).toBeGreaterThanOrEqual(599_000);

    // A success resets it, and the loop's error goes with it.
    incidents.failWith = undefined;
    await loop.syncNow();
    await vi.waitFor(() => expect(incidents.runs).toBe(3));
    await idle();
    expect(loop.status().jobs.find((job) => job.name === 'incidents')).toMatchObject({ phase: 'idle', failures: 0, error: null });
    expect(loop.status()).toMatchObject({ phase: 'idle', error: null });
  });

  it('each job keeps its own cadence', async () => {
    const often = countingJob('often', { cadenceSeconds: 0.05 });
    const rarely = countingJob('rarely');
    const { loop } = startLoop([rarely.spec, often.spec]);
    await loop.start(ACTIVE, CACHE, null);
    await vi.waitFor(() => expect(often.runs).toBeGreaterThanOrEqual(4), { timeout: 5000 });
    expect(rarely.runs).toBe(1);
  });

  it('a burst of hints runs only the jobs on that topic, once, after the debounce', async () => {
    const fleet = countingJob('fleet', { hints: ['site'] });
    const incidents = countingJob('incidents', { kinds: ['incidents'], hints: ['incident'] });
    const { loop, idle } = startLoop([fleet.spec, incidents.spec], { hintDebounceMs: 100 });
    await loop.start(ACTIVE, CACHE, null);
    await vi.waitFor(() => expect(incidents.runs).toBe(1));
    await idle();
    for (let i = 0; i < 5; i++) loop.hint('site');
    expect(fleet.runs).toBe(1);
    await vi.waitFor(() => expect(fleet.runs).toBe(2), { timeout: 5000 });
    await idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fleet.runs).toBe(2);
    expect(incidents.runs).toBe(1);
    loop.hint('incident');
    await vi.waitFor(() => expect(incidents.runs).toBe(2), { timeout: 5000 });
    expect(fleet.runs).toBe(2);
  });

  it('offline pauses every job and says so; a 401 ends the session', async () => {
    const fleet = countingJob('fleet', { failWith: () => new ConsoleError('unreachable', 'Central Command cannot be reached.') });
    const attention = countingJob('needs attention', { kinds: ['attention'] });
    const { loop, session, idle } = startLoop([fleet.spec, attention.spec]);
    await loop.start(ACTIVE, CACHE, null);
    await vi.waitFor(() => expect(fleet.runs).toBe(1));
    await idle();
    expect(attention.runs).toBe(0);
    expect(session.calls.connectivity).toEqual(['offline']);
    expect(loop.status()).toMatchObject({ phase: 'paused', error: { code: 'unreachable' } });
    expect(loop.status().jobs.map((job) => job.phase)).toEqual(['paused', 'paused']);

    fleet.failWith = () => new ConsoleError('session-expired', 'Sign in again.');
    await loop.syncNow();
    await vi.waitFor(() => expect(session.calls.expired).toBe(1));
    // Back online first (the reconnect check answered), then the 401.
    expect(session.calls.connectivity).toEqual(['offline', 'online']);
  });

  it('the default backoff doubles the cadence up to 30 minutes; a given schedule repeats its last step', () => {
    expect([1, 2, 3, 4, 10].map((failures) => backoffDelaySeconds({}, 60, failures))).toEqual([60, 120, 240, 480, 1800]);
    expect([1, 2, 3].map((failures) => backoffDelaySeconds({ backoffSeconds: [5, 30] }, 60, failures))).toEqual([5, 30, 30]);
    expect(backoffDelaySeconds({}, 60, 0)).toBe(60);
  });
});
