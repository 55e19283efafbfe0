import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { FleetStats } from '#shared/fleet/index.ts';
import type { FleetReplacement, SiteHealthRecord, SiteRecord } from '../records.ts';
import { connect } from '../open-database.ts';
import { openCache, type CacheClient } from '../cache-client.ts';
import { generateCacheKeyHex } from '../../vault/accounts.ts';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** Test-only helpers shared by the cache tests. */

export interface TempDir {
  path: string;
  file(name: string): string;
  remove(): Promise<void>;
}

export async function makeTempDir(): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), 'cc-cache-test-'));
  return { path, file: (name) => join(path, name), remove: () => rm(path, { recursive: true, force: true }) };
}

export function site(siteId: string, overrides: Partial<SiteRecord> = {}): SiteRecord {
  const record: SiteRecord = {
    siteId,
    clinicName: `Clinic ${siteId}`,
    orgId: 'org-1',
    orgName: 'North Dental Group',
    liveStatus: 'online',
    tier: 'standard',
    applianceCount: 1,
    lastCheckin: '2026-01-01T00:00:00Z',
    raw: '{}',
    ...overrides,
  };
  return { ...record, raw: overrides.raw ?? JSON.stringify({ site_id: siteId, clinic_name: record.clinicName }) };
}

export function health(siteId: string, overrides: Partial<SiteHealthRecord> = {}): SiteHealthRecord {
  return { siteId, onlineCount: 1, healthOverall: 90, healthStatus: 'healthy', incidents24h: 0, raw: '{}', ...overrides };
}

export const SAMPLE_STATS: FleetStats = {
  totalClients: 3,
  totalAppliances: 7,
  onlineAppliances: 6,
  avgComplianceScore: 88.5,
  avgConnectivityScore: 97,
  incidents24h: 2,
  incidents7d: 9,
  incidents30d: 30,
  l1ResolutionRate: 0.7,
  l2ResolutionRate: 0.2,
  l3EscalationRate: 0.1,
  computedAt: '2026-01-01T00:00:00Z',
};

export function fleet(overrides: Partial<FleetReplacement> = {}): FleetReplacement {
  return { sites: [], health: [], stats: null, httpCache: [], syncedAt: '2026-01-01T00:00:00Z', ...overrides };
}

export async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export async function listDir(path: string): Promise<string[]> {
  return (await readdir(path)).sort();
}

/** A direct connection for arranging odd files; the product only ever opens the cache in its worker. */
export function openRawConnection(file: string, keyHex: string): Database.Database {
  return connect(file, keyHex);
}

/**
 * A temporary folder per test, and every cache opened through `open` closed after it (also when the
 * test failed half-way). Registers the vitest hooks it needs.
 */
export function useCacheFolder() {
  let dir: TempDir | null = null;
  const clients: CacheClient[] = [];
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((client) => client.close()));
    await dir?.remove();
  });
  const current = (): TempDir => {
    if (!dir) throw new Error('the folder is made in beforeEach');
    return dir;
  };
  return {
    get dir(): TempDir {
      return current();
    },
    async open(keyHex: string = generateCacheKeyHex(), file?: string): Promise<CacheClient> {
      const client = await openCache({ file: file ?? current().file('cache.db'), keyHex });
      clients.push(client);
      return client;
    },
  };
}

/** One cache filled once for a suite that only reads it. Registers the vitest hooks it needs. */
export function useFilledCache(contents: FleetReplacement): { readonly cache: CacheClient } {
  let dir: TempDir | null = null;
  let cache: CacheClient | null = null;
  beforeAll(async () => {
    dir = await makeTempDir();
    cache = await openCache({ file: dir.file('cache.db'), keyHex: generateCacheKeyHex() });
    await cache.replaceFleet(contents);
  });
  afterAll(async () => {
    await cache?.close();
    await dir?.remove();
  });
  return {
    get cache() {
      if (!cache) throw new Error('the cache is filled in beforeAll');
      return cache;
    },
  };
}
