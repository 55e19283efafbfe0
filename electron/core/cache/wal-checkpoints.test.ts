import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '#shared/errors.ts';
import { useCacheFolder } from './test-support/cache-fixtures.ts';
import { WRITER_BACKSTOP_CHECKPOINT_PAGES, checkpointAfterWrites, type WalCheckpointOperations, type WalCheckpointResult } from './wal-checkpoints.ts';
import type { WorkerClient } from '../workers/worker-connection.ts';

const PAGE_BYTES = 4096;

describe('the cache checkpoints on its own thread', () => {
  const folder = useCacheFolder();

  it('commits reach the database file through the checkpointer, far below the writer’s own backstop', async () => {
    const cache = await folder.open();
    const file = folder.dir.file('cache.db');
    const before = (await stat(file)).size;
    // ~2,500 pages: past SQLite's default of 1,000, far below the writer's backstop.
    const document = 'x'.repeat(400_000);
    for (let index = 0; index < 25; index++) await cache.putDocument('site-view', `site-${index}`, JSON.stringify({ document, index }), '2026-12-03T00:00:00Z');
    expect(25 * document.length).toBeLessThan((WRITER_BACKSTOP_CHECKPOINT_PAGES * PAGE_BYTES) / 4);
    await cache.checkpointsIdle();
    expect((await stat(file)).size - before).toBeGreaterThan(25 * document.length);
    // Still the same cache, read beside it.
    expect(JSON.parse((await cache.getDocument('site-view', 'site-24'))!.json).index).toBe(24);
  });
});

/** A checkpointer client whose calls the test settles by hand (the real worker cannot be made to wait or fail on cue). */
function standInCheckpointer() {
  const calls: Array<{ resolve(result: WalCheckpointResult): void; reject(error: unknown): void }> = [];
  let closed = false;
  const client = {
    checkpointWal: () => new Promise<WalCheckpointResult>((resolve, reject) => calls.push({ resolve, reject })),
    close: async () => {
      closed = true;
    },
  } as WorkerClient<WalCheckpointOperations>;
  const settle = async (index: number, outcome: 'done' | unknown) => {
    if (outcome === 'done') calls[index]!.resolve({ walFrames: 10, checkpointedFrames: 10 });
    else calls[index]!.reject(outcome);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { client, calls, settle, closed: () => closed };
}

describe('checkpoints after writes (with a stand-in checkpointer)', () => {
  it('writes while one runs are folded into one more checkpoint', async () => {
    const checkpointer = standInCheckpointer();
    const checkpoints = checkpointAfterWrites(checkpointer.client, () => undefined);
    checkpoints.afterWrite();
    checkpoints.afterWrite();
    checkpoints.afterWrite();
    expect(checkpointer.calls).toHaveLength(1);
    await checkpointer.settle(0, 'done');
    expect(checkpointer.calls).toHaveLength(2);
    await checkpointer.settle(1, 'done');
    await checkpoints.idle();
    expect(checkpointer.calls).toHaveLength(2);
    checkpoints.afterWrite();
    expect(checkpointer.calls).toHaveLength(3);
  });

  it('damage is reported and ends the checkpoints; the writer’s backstop is left', async () => {
    const checkpointer = standInCheckpointer();
    const damage: ConsoleError[] = [];
    const checkpoints = checkpointAfterWrites(checkpointer.client, (error) => damage.push(error));
    checkpoints.afterWrite();
    checkpoints.afterWrite();
    await checkpointer.settle(0, new ConsoleError('cache-corrupt', 'The local cache is damaged.'));
    expect(damage.map((error) => error.code)).toEqual(['cache-corrupt']);
    checkpoints.afterWrite();
    await checkpoints.idle();
    expect(checkpointer.calls).toHaveLength(1);
  });

  it('another failure ends them quietly', async () => {
    const checkpointer = standInCheckpointer();
    const damage: ConsoleError[] = [];
    const checkpoints = checkpointAfterWrites(checkpointer.client, (error) => damage.push(error));
    checkpoints.afterWrite();
    await checkpointer.settle(0, new ConsoleError('internal', 'The local cache stopped unexpectedly.'));
    checkpoints.afterWrite();
    await checkpoints.idle();
    expect(checkpointer.calls).toHaveLength(1);
    expect(damage).toEqual([]);
  });

  it('close waits for the running checkpoint, then ends the checkpointer', async () => {
    const checkpointer = standInCheckpointer();
    const checkpoints = checkpointAfterWrites(checkpointer.client, () => undefined);
    checkpoints.afterWrite();
    checkpoints.afterWrite();
    const closing = checkpoints.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(checkpointer.closed()).toBe(false);
    await checkpointer.settle(0, 'done');
    await closing;
    expect(checkpointer.closed()).toBe(true);
    expect(checkpointer.calls).toHaveLength(1);
  });
});
