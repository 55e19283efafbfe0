/** Status rules of the real server (online, stale, offline, pending by last check-in), evaluated against the simulator clock. */

export type LiveStatus = 'online' | 'stale' | 'offline' | 'pending' | 'auth_failed';
export type StoredStatus = 'online' | 'stale' | 'offline' | 'pending';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** calculate_live_status(last_checkin, auth_failure_count) */
export function liveStatus(lastCheckinMs: number | null, authFailureCount: number, nowMs: number): LiveStatus {
  if (lastCheckinMs === null) return 'pending';
  const age = nowMs - lastCheckinMs;
  // Auth failures win: the appliance reaches the server but cannot authenticate.
  if (authFailureCount >= 3 && age >= 5 * MINUTE_MS) return 'auth_failed';
  if (age < 15 * MINUTE_MS) return 'online';
  if (age < HOUR_MS) return 'stale';
  return 'offline';
}

/** Connectivity freshness score of the fleet view: <5 min 100, <15 min 80, <1 h 50, older 20, never 0. */
export function checkinFreshness(lastCheckinMs: number | null, nowMs: number): number {
  if (lastCheckinMs === null) return 0;
  const age = nowMs - lastCheckinMs;
  if (age < 5 * MINUTE_MS) return 100;
  if (age < 15 * MINUTE_MS) return 80;
  if (age < HOUR_MS) return 50;
  return 20;
}

/**
 * site_appliances.status as stored: a background sweep rewrites it every 2 minutes, so it lags the live
 * status. Endpoints that read the stored column (fleet online_count, the sites row `status`) can therefore
 * disagree with live_status for up to one sweep, as on the real server.
 */
export const STORED_STATUS_SWEEP_MS = 2 * MINUTE_MS;

export function storedStatus(lastCheckinMs: number | null, nowMs: number): StoredStatus {
  if (lastCheckinMs === null) return 'pending';
  const sweptAt = Math.floor(nowMs / STORED_STATUS_SWEEP_MS) * STORED_STATUS_SWEEP_MS;
  // A check-in after the last sweep writes 'online' directly.
  if (lastCheckinMs >= sweptAt) return 'online';
  const age = sweptAt - lastCheckinMs;
  if (age < 15 * MINUTE_MS) return 'online';
  if (age < HOUR_MS) return 'stale';
  return 'offline';
}

export function latestCheckin(checkins: readonly (number | null)[]): number | null {
  let latest: number | null = null;
  for (const value of checkins) if (value !== null && (latest === null || value > latest)) latest = value;
  return latest;
}
