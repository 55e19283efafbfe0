import type { FleetStats } from '#shared/fleet/index.ts';

/**
 * Rows as the cache stores them. The caller has already parsed and normalized the API's JSON:
 * timestamps are ISO-8601 UTC strings (so text order is time order), `raw` is the server's object
 * as JSON text, kept for views that need fields not modelled here.
 */
export interface SiteRecord {
  siteId: string;
  clinicName: string;
  orgId: string | null;
  orgName: string | null;
  liveStatus: string;
  tier: string | null;
  applianceCount: number;
  lastCheckin: string | null;
  raw: string;
}

export interface SiteHealthRecord {
  siteId: string;
  onlineCount: number;
  healthOverall: number | null;
  healthStatus: string | null;
  incidents24h: number;
  raw: string;
}

/** A cached GET response, replayed with If-None-Match. */
export interface HttpCacheRecord {
  url: string;
  etag: string | null;
  body: string;
}

export interface CachedHttpResponse {
  etag: string | null;
  body: string;
}

export interface FleetReplacement {
  sites: SiteRecord[];
  health: SiteHealthRecord[];
  stats: FleetStats | null;
  httpCache: HttpCacheRecord[];
  syncedAt: string;
}
