import { FleetQuerySchema } from '#shared/fleet/index.ts';
import { readFile, stat } from 'node:fs/promises';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from './cache-client.ts';
import type { CacheClient } from './cache-client.ts';
import { fleet, health, makeTempDir, site } from './test-support/cache-fixtures.ts';
import type { TempDir } from './test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';

const NEEDLE = 'Zahnarztpraxis Plaintextprobe';

function fleetWithNeedle() {
  const sites = Array.from({ length: 50 }, (_, index) =>
    site(`site-${index}`, { clinicName: `${NEEDLE} ${index}`, raw: JSON.stringify({ clinic_name: `${NEEDLE} ${index}` }) }),
  );
  return fleet({ sites, health: sites.map((row) => health(row.siteId, { raw: JSON.stringify({ note: NEEDLE }) })) });
}

async function containsNeedle(path: string): Promise<boolean> {
  return (await readFile(path)).includes(Buffer.from(NEEDLE, 'utf8'));
}

describe('cache encryption at rest', () => {
  let dir: TempDir;
  let cache: CacheClient | null = null;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await cache?.close();
    cache = null;
    await dir.remove();
  });

  it('the search for plaintext would find it in an unencrypted database (control)', async () => {
    const plainFile = dir.file('plain.db');
    const db = new Database(plainFile);
    db.pragma('journal_mode=WAL');
    db.exec('CREATE TABLE sites (clinic_name TEXT)');
    db.prepare('INSERT INTO sites VALUES (?)').run(`${NEEDLE} 0`);
    expect(await containsNeedle(`${plainFile}-wal`)).toBe(true);
    db.close();
    expect(await containsNeedle(plainFile)).toBe(true);
  });

  it('neither the database nor its WAL holds plaintext, while open and after close', async () => {
    const file = dir.file('cache.db');
    cache = await openCache({ file, keyHex: generateCacheKeyHex() });
    await cache.replaceFleet(fleetWithNeedle());
    // The rows are in the database: the absence below is encryption, not missing data.
    expect((await cache.queryFleet(FleetQuerySchema.parse({ search: 'plaintextprobe', limit: 500 }))).rows).toHaveLength(50);

    expect((await stat(`${file}-wal`)).size).toBeGreaterThan(4096);
    expect(await containsNeedle(`${file}-wal`)).toBe(false);
    expect(await containsNeedle(file)).toBe(false);

    await cache.close();
    cache = null;
    expect((await stat(file)).size).toBeGreaterThan(4096);
    expect(await containsNeedle(file)).toBe(false);
  });

  const windows = process.platform === 'win32';
  it.skipIf(windows)(`creates the cache files readable by their owner only${windows ? ' — skipped: Windows has no POSIX file modes' : ''}`, async () => {
    const file = dir.file('cache.db');
    cache = await openCache({ file, keyHex: generateCacheKeyHex() });
    await cache.setMeta('k', 'v');
    for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}.keycheck`]) {
      expect({ path, mode: (await stat(path)).mode & 0o777 }).toEqual({ path, mode: 0o600 });
    }
  });
});
