import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { FleetStats } from '#shared/ipc/contract.ts';
import type { FleetReplacement, SiteHealthRecord, SiteRecord } from './records.ts';
import { connect } from './open-database.ts';

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
