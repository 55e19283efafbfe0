import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3-multiple-ciphers';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { makeTempDir, openRawConnection, type TempDir } from './test-support/cache-fixtures.ts';
import { prepared } from './prepared-statements.ts';

describe('prepared statements kept per connection (a real SQLCipher file)', () => {
  let dir: TempDir;
  let db: Database.Database;
  const keyHex = generateCacheKeyHex();
  beforeEach(async () => {
    dir = await makeTempDir();
    db = openRawConnection(dir.file('kept.db'), keyHex);
    db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)');
  });
  afterEach(async () => {
    db.close();
    await dir.remove();
  });

  it('hands back the same statement for the same text, and another for another connection', () => {
    const first = prepared(db, 'SELECT n FROM t ORDER BY n');
    expect(prepared(db, 'SELECT n FROM t ORDER BY n')).toBe(first);
    expect(prepared(db, 'SELECT n FROM t ORDER BY n DESC')).not.toBe(first);
    const other = openRawConnection(dir.file('kept.db'), keyHex);
    try {
      expect(prepared(other, 'SELECT n FROM t ORDER BY n')).not.toBe(first);
    } finally {
      other.close();
    }
  });

  it('comes back with pluck off after a caller plucked it', () => {
    expect(prepared<[], number>(db, 'SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1, 2, 3]);
    expect(prepared(db, 'SELECT n FROM t ORDER BY n').all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('keeps a statement that returns no data too', () => {
    prepared<[number]>(db, 'INSERT INTO t VALUES (?)').run(4);
    prepared<[number]>(db, 'INSERT INTO t VALUES (?)').run(5);
    expect(prepared<[], number>(db, 'SELECT count(*) FROM t').pluck().get()).toBe(5);
  });

  it('gives a fresh statement while the kept one is still iterating', () => {
    const outer = prepared<[], { n: number }>(db, 'SELECT n FROM t ORDER BY n');
    const seen: number[][] = [];
    for (const row of outer.iterate()) seen.push([row.n, ...prepared<[], number>(db, 'SELECT n FROM t ORDER BY n').pluck().all()]);
    expect(seen).toEqual([[1, 1, 2, 3], [2, 1, 2, 3], [3, 1, 2, 3]]);
  });

  it('keeps at most 256 texts, dropping the least recently used', () => {
    const first = prepared(db, 'SELECT 0');
    const second = prepared(db, 'SELECT 1');
    for (let n = 2; n < 256; n++) prepared(db, `SELECT ${n}`);
    expect(prepared(db, 'SELECT 0')).toBe(first);
    prepared(db, 'SELECT 256');
    expect(prepared(db, 'SELECT 0')).toBe(first);
    expect(prepared(db, 'SELECT 1')).not.toBe(second);
  });

  it('still answers after the table it reads is dropped and made again', () => {
    expect(prepared<[], number>(db, 'SELECT count(*) FROM t').pluck().get()).toBe(3);
    db.exec('DROP TABLE t; CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (7)');
    expect(prepared<[], number>(db, 'SELECT count(*) FROM t').pluck().get()).toBe(1);
  });
});
