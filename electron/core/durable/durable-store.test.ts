import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConsoleError } from '#shared/errors.ts';
import { makeTempDir, type TempDir } from '../cache/test-support/cache-fixtures.ts';
import { openCacheDatabase } from '../cache/open-database.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { openDurableStore, type DurableClient } from './durable-client.ts';
import { DURABLE_SCHEMA } from './durable-migrations.ts';

// The durable store through its real worker, on real SQLCipher files.
describe('durable store', () => {
  let dir: TempDir;
  let store: DurableClient | null = null;
  const keyHex = generateCacheKeyHex();
  const open = async () => (store = await openDurableStore({ file: dir.file('durable.sqlite'), keyHex }));
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await store?.close();
    store = null;
    await dir.remove();
  });

  it('appends audit entries and lists them newest first, a page at a time', async () => {
    const durable = await open();
    for (let index = 1; index <= 5; index += 1) await durable.appendAudit({ action: 'incident.resolve', target: `incident-${index}`, outcome: 'succeeded', at: `2026-12-01T10:00:0${index}.000Z` });
    const first = await durable.listAudit({ limit: 2 });
    expect(first.map((entry) => entry.target)).toEqual(['incident-5', 'incident-4']);
    const next = await durable.listAudit({ limit: 10, beforeId: first.at(-1)!.id });
    expect(next.map((entry) => entry.target)).toEqual(['incident-3', 'incident-2', 'incident-1']);
    expect(next[0]).toEqual({ id: next[0]!.id, at: '2026-12-01T10:00:03.000Z', action: 'incident.resolve', target: 'incident-3', outcome: 'succeeded', detail: null });
  });

  it('keeps outbox items until they are done, counting failed attempts', async () => {
    const durable = await open();
    const queued = await durable.enqueueOutbox({ id: 'a1', kind: 'incident.resolve', payload: { incidentId: 'i-1', note: 'fixed on site' } });
    expect(queued).toMatchObject({ id: 'a1', state: 'pending', attempts: 0, payload: { incidentId: 'i-1', note: 'fixed on site' } });
    await durable.enqueueOutbox({ id: 'a2', kind: 'incident.escalate', payload: { incidentId: 'i-2' } });
    // A retried enqueue of the same action changes nothing.
    expect(await durable.enqueueOutbox({ id: 'a1', kind: 'other', payload: null })).toEqual(queued);

    expect(await durable.markOutboxFailed('a1', 'unreachable', false)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'unreachable' });
    expect(await durable.markOutboxFailed('a2', 'forbidden', true)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(await durable.markOutboxDone('a1')).toMatchObject({ state: 'done', attempts: 1 });
    expect((await durable.listOutbox({ state: 'pending' })).map((item) => item.id)).toEqual([]);
    expect((await durable.listOutbox()).map((item) => [item.id, item.state])).toEqual([['a1', 'done'], ['a2', 'failed']]);
    await expect(durable.markOutboxDone('nope')).rejects.toSatisfy((error) => isConsoleError(error, 'not-found'));
  });

  it('keeps everything across a close and reopen, under its own key only', async () => {
    await (await open()).appendAudit({ action: 'site.note', target: 'site-7', outcome: 'requested' });
    await store!.enqueueOutbox({ id: 'b1', kind: 'site.note', payload: { text: 'x' } });
    await store!.close();
    store = null;
    const reopened = await open();
    expect((await reopened.listAudit()).map((entry) => entry.target)).toEqual(['site-7']);
    expect((await reopened.listOutbox()).map((item) => item.id)).toEqual(['b1']);
    await reopened.close();
    store = null;
    await expect(openDurableStore({ file: dir.file('durable.sqlite'), keyHex: generateCacheKeyHex() })).rejects.toSatisfy((error) => isConsoleError(error, 'cache-wrong-key'));
  });

  it('holds nothing in plaintext on disk', async () => {
    const needle = 'Plaintextprobe Kinderzahnarzt';
    const durable = await open();
    await durable.appendAudit({ action: 'site.note', target: needle, outcome: 'requested', detail: needle });
    await durable.enqueueOutbox({ id: 'c1', kind: 'site.note', payload: { text: needle } });
    for (const file of ['durable.sqlite', 'durable.sqlite-wal']) {
      expect((await readFile(dir.file(file).toString()).catch(() => Buffer.alloc(0))).includes(Buffer.from(needle))).toBe(false);
    }
  });

  it('commits with synchronous=FULL and its own migrations', async () => {
    const db = await openCacheDatabase(dir.file('direct.sqlite'), keyHex, { schema: DURABLE_SCHEMA });
    try {
      // 2 is FULL (the cache runs NORMAL, 1).
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
      expect(tables).toEqual(expect.arrayContaining(['audit_log', 'outbox', 'schema_migrations']));
      expect(tables).not.toContain('sites');
    } finally {
      db.close();
    }
  });
});
