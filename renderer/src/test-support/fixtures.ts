import type { AppInfo, ProfileSummary, SessionSnapshot, Settings } from '#shared/ipc/contract.ts';
import type { AttentionView } from '#shared/attention/index.ts';
import type { FleetOrg, FleetOverview, FleetSite, FleetStats, SyncStatus } from '#shared/fleet/index.ts';
import type { SiteView } from '#shared/sites/index.ts';
import { ok } from './fake-bridge.ts';

type AttentionItemView = AttentionView['items'][number];

export const SERVER = { origin: 'https://central.example.test', caFilePath: null };
export const USER = { id: 'u-7', username: 'tech@msp.example', displayName: 'Dana Reyes', role: 'operator' };

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return { version: '0.1.0', shell: 'web', platform: 'linux', canChooseFiles: false, ...overrides };
}

export function signedOut(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return { state: 'signed-out', connectivity: null, server: null, user: null, notice: null, ...overrides };
}

export function mfaRequired(): SessionSnapshot {
  return { state: 'mfa-required', connectivity: null, server: SERVER, user: null, notice: null };
}

export function signedIn(connectivity: 'online' | 'offline' = 'online'): SessionSnapshot {
  return { state: 'signed-in', connectivity, server: SERVER, user: USER, notice: null };
}

/** Reviewing cached data after the session ended: no token in core; online means Central Command is reachable again. */
export function reviewing(connectivity: 'online' | 'offline' = 'offline', notice: string | null = null): SessionSnapshot {
  return { state: 'reviewing', connectivity, server: SERVER, user: USER, notice };
}

/** Locked with the user and server still named, as core reports a session found at launch or idle-locked. */
export function locked(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return { state: 'locked', connectivity: 'online', server: SERVER, user: USER, notice: null, ...overrides };
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { idleLockMinutes: 15, maxOfflineDays: 7, ...overrides };
}

export function site(index: number, overrides: Partial<FleetSite> = {}): FleetSite {
  return {
    siteId: `site-${index}`,
    clinicName: `Clinic ${String(index).padStart(3, '0')}`,
    orgId: 'org-1',
    orgName: 'Northside Health',
    liveStatus: 'online',
    tier: 'standard',
    applianceCount: 2,
    onlineCount: 2,
    healthOverall: 91.5,
    healthStatus: 'healthy',
    incidents24h: 0,
    lastCheckin: '2026-01-15T10:00:00Z',
    ...overrides,
  };
}

export function stats(overrides: Partial<FleetStats> = {}): FleetStats {
  return {
    totalClients: 42,
    totalAppliances: 80,
    onlineAppliances: 77,
    avgComplianceScore: 88.25,
    avgConnectivityScore: 93.1,
    incidents24h: 12,
    incidents7d: 64,
    incidents30d: 230,
    l1ResolutionRate: 71.4,
    l2ResolutionRate: 20.3,
    l3EscalationRate: 3.2,
    computedAt: '2026-01-15T09:59:00Z',
    ...overrides,
  };
}

export function overview(sites: FleetSite[], overrides: Partial<FleetOverview> = {}): FleetOverview {
  return {
    rows: sites,
    offset: 0,
    total: { count: sites.length, capped: false },
    nextWindow: null,
    totalSites: sites.length,
    stats: stats(),
    syncedAt: '2026-01-15T10:00:30Z',
    ...overrides,
  };
}

export function syncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    phase: 'idle',
    lastSyncedAt: '2026-01-15T10:00:30Z',
    lastAttemptAt: '2026-01-15T10:00:30Z',
    nextSyncAt: '2026-01-15T10:01:30Z',
    intervalSeconds: 60,
    progress: null,
    error: null,
    jobs: [],
    ...overrides,
  };
}

export function siteView(siteId: string, overrides: Partial<SiteView> = {}): SiteView {
  return {
    siteId,
    clinicName: 'Alder Family Dental',
    orgName: 'Northside Health',
    liveStatus: 'online',
    tier: 'standard',
    lastCheckin: '2026-01-15T10:00:00Z',
    clinicTimeZone: 'America/Chicago',
    appliances: [
      {
        applianceId: 'ap-1',
        hostname: 'ap-01',
        displayName: 'Front desk',
        liveStatus: 'online',
        agentVersion: '1.4.2',
        ipAddresses: ['10.0.0.5', '10.0.1.5'],
        lastCheckin: '2026-01-15T09:59:00Z',
        uptimeSeconds: 3 * 86_400 + 4 * 3_600 + 59,
        offlineSince: null,
      },
      {
        applianceId: 'ap-2',
        hostname: 'ap-02',
        displayName: null,
        liveStatus: 'offline',
        agentVersion: null,
        ipAddresses: [],
        lastCheckin: '2026-01-15T07:58:00Z',
        uptimeSeconds: null,
        offlineSince: '2026-01-15T08:00:00Z',
      },
    ],
    compliance: {
      overallScore: 87.5,
      breakdown: [
        { category: 'patching', score: 92 },
        { category: 'backup', score: 60 },
        { category: 'encryption', score: null },
      ],
      counts: { passed: 40, failed: 3, warnings: 5, total: 48 },
      healing: { total: 12, autoHealed: 9, pending: 3 },
    },
    asOf: '2026-01-15T10:00:00Z',
    refreshing: false,
    error: null,
    ...overrides,
  };
}

export function attentionItem(overrides: Partial<AttentionItemView> = {}): AttentionItemView {
  return {
    type: 'offline_appliance',
    severity: 'warning',
    title: 'Appliance offline',
    siteId: 'site-1',
    clinicName: 'Alder Family Dental',
    detail: 'ap-02 has not checked in for 2 h',
    timestamp: '2026-01-15T08:00:00Z',
    incidentId: null,
    ...overrides,
  };
}

export function fleetOrg(orgId: string | null, orgName: string | null, statusCounts: Record<string, number>): FleetOrg {
  const siteCount = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
  return { orgId, orgName, siteCount, statusCounts };
}

export function profile(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return {
    id: 'p-1',
    origin: SERVER.origin,
    username: USER.username,
    displayName: USER.displayName,
    role: USER.role,
    lastSignedInAt: '2026-01-15T09:00:00Z',
    active: true,
    hasSession: true,
    ...overrides,
  };
}

/** A second Central Command server with another account. */
export const OTHER_SERVER = { origin: 'https://cc.other-msp.test', caFilePath: null };
export const OTHER_USER = { id: 'u-42', username: 'ops@other-msp.test', displayName: 'Sam Okafor', role: 'admin' };

export function otherProfile(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return profile({ id: 'p-2', origin: OTHER_SERVER.origin, username: OTHER_USER.username, displayName: OTHER_USER.displayName, role: OTHER_USER.role, active: false, hasSession: false, ...overrides });
}

/** A `fleet:orgs` answer: every org in one window. */
export function orgPage(orgs: FleetOrg[]) {
  return { rows: orgs, offset: 0, total: { count: orgs.length, capped: false }, nextWindow: null };
}

/** A `fleet:overview` script that answers each window from `count` generated sites, as core does. */
export function windowedOverview(count: number) {
  return (input: unknown) => {
    const { window, limit } = input as { window: { offset: number }; limit: number };
    const end = Math.min(count, window.offset + limit);
    const rows = Array.from({ length: Math.max(0, end - window.offset) }, (_, i) => site(window.offset + i));
    return ok({ ...overview(rows, { totalSites: count }), offset: window.offset, total: { count, capped: false }, nextWindow: end < count ? { offset: end } : null });
  };
}
