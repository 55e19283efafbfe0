import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '#shared/errors.ts';
import { useCacheFolder } from './test-support/cache-fixtures.ts';
import { openCache } from './cache-client.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { WAL_LIMIT_PAGES, checkpointAfterWrites, type WalCheckpointOperations, type WalCheckpointResult } from './wal-checkpoints.ts';
import type { WorkerClient } from '../workers/worker-connection.ts';

const PAGE_BYTES = 4096;
/** A WAL frame: its 24-byte header and the page. */
const WAL_FRAME_BYTES = 24 + PAGE_BYTES;

describe('the cache checkpoints on its own thread', () => {
  const folder = useCacheFolder();

  it('commits reach the database file through the checkpointer, far below the writer’s own backstop', async () => {
    const cache = await folder.open();
    const file = folder.dir.file('cache.db');
    const before = (await stat(file)).size;
    // ~2,500 pages: past SQLite's default of 1,000, far below the writer's backstop.
    const document = 'x'.repeat(400_000);
    for (let index = 0; index < 25; index++) await cache.putDocument('site-view', `site-${index}`, JSON.stringify({ document, index }), '2026-12-03T00:00:00Z');
    expect(25 * document.length).toBeLessThan((WAL_LIMIT_PAGES * PAGE_BYTES) / 4);
    await cache.checkpointsIdle();
    expect((await stat(file)).size - before).toBeGreaterThan(25 * document.length);
    // Still the same cache, read beside it.
    expect(JSON.parse((await cache.getDocument('site-view', 'site-24'))!.json).index).toBe(24);
  });

  it('writes back to back keep the WAL near its limit: past it, a write waits for the copy so the WAL starts again', async () => {
    const walLimitPages = 300;
    const file = folder.dir.file('cache.db');
    const cache = await openCache({ file, keyHex: generateCacheKeyHex(), walLimitPages });
    try {
      // ~100 pages a write, 60 writes: without the wait the WAL never starts again and holds them all (~6,000 pages).
      const document = 'x'.repeat(400_000);
      let longest = 0;
      for (let index = 0; index < 60; index++) {
        await cache.putDocument('site-view', `site-${index}`, JSON.stringify({ document, index }), '2026-12-03T00:00:00Z');
        longest = Math.max(longest, (await stat(`${file}-wal`)).size);
      }
      expect(longest / WAL_FRAME_BYTES).toBeLessThan(walLimitPages + 15 * 100);
      expect(JSON.parse((await cache.getDocument('site-view', 'site-59'))!.json).index).toBe(59);
    } finally {
      await cache.close();
    }
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
    if (outcome === 'done') calls[index]!.resolve({ walFrames: 10 });
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

  it.each([
    ['damage is reported and ends the checkpoints; the writer’s own are left', new ConsoleError('cache-corrupt', 'The local cache is damaged.'), ['cache-corrupt']],
    ['another failure ends them quietly', new ConsoleError('internal', 'The local cache stopped unexpectedly.'), []],
  ])('%s', async (_name, failure, reported) => {
    const checkpointer = standInCheckpointer();
    const damage: ConsoleError[] = [];
    const checkpoints = checkpointAfterWrites(checkpointer.client, (error) => damage.push(error));
    checkpoints.afterWrite();
    checkpoints.afterWrite();
    await checkpointer.settle(0, failure);
    expect(damage.map((error) => error.code)).toEqual(reported);
    checkpoints.afterWrite();
    await checkpoints.idle();
    expect(checkpointer.calls).toHaveLength(1);
  });

  it('a write waits only once the WAL is past its limit, and then until the copy (with the writes folded into it) is done', async () => {
    const checkpointer = standInCheckpointer();
    const checkpoints = checkpointAfterWrites(checkpointer.client, () => undefined, 100);
    const began: string[] = [];
    await checkpoints.beforeWrite();
    checkpoints.afterWrite();
    // The running checkpoint reports a WAL within the limit: the next write begins beside it.
    checkpointer.calls[0]!.resolve({ walFrames: 100 });
    await checkpoints.idle();
    await checkpoints.beforeWrite();
    checkpoints.afterWrite();
    checkpoints.afterWrite();
    checkpointer.calls[1]!.resolve({ walFrames: 101 });
    await new Promise((resolve) => setImmediate(resolve));
    // Past the limit, with the folded checkpoint still to run: both writes wait, and begin in the order they came.
    void checkpoints.beforeWrite().then(() => began.push('first'));
    void checkpoints.beforeWrite().then(() => began.push('second'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(began).toEqual([]);
    await checkpointer.settle(2, 'done');
    expect(began).toEqual(['first', 'second']);
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
