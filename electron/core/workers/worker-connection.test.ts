import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startDatabaseWorker } from './start-database-worker.ts';
import { connectWorker } from './worker-connection.ts';

interface Doubler {
  double(value: number): number;
}

function doublingWorker(lingerMs: number): Worker {
  return startDatabaseWorker(new URL('./test-support/doubling-worker.ts', import.meta.url), { lingerMs });
}

describe('closing a database worker', () => {
  it('answers the calls queued before it, then the worker ends by itself (exit code 0, where terminate() gives 1)', async () => {
    const worker = doublingWorker(0);
    const exitCode = once(worker, 'exit');
    const client = await connectWorker<Doubler>(worker, ['double'], { name: 'The test store', exitGraceMs: 10_000 });
    const answer = client.double(21);
    await client.close();
    expect(await answer).toBe(42);
    expect(await exitCode).toEqual([0]);
    await expect(client.double(1)).rejects.toMatchObject({ code: 'invalid-state', message: 'The test store is closed.' });
  });

  it('terminates a worker something still keeps running after the grace period', async () => {
    const worker = doublingWorker(60_000);
    const exitCode = once(worker, 'exit');
    const client = await connectWorker<Doubler>(worker, ['double'], { name: 'The test store', exitGraceMs: 100 });
    await client.close();
    expect(await exitCode).toEqual([1]);
  });
});
