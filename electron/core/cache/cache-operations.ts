import type { z } from 'zod';
import type { FleetOrg, FleetOverview, FleetQuerySchema } from '#shared/ipc/contract.ts';
import type { CachedHttpResponse, FleetReplacement } from './records.ts';
import { INCIDENT_OPERATIONS, type IncidentCacheOperations } from '../incidents/incident-store.ts';

export type ParsedFleetQuery = z.output<typeof FleetQuerySchema>;

/**
 * What the cache can do, as the worker runs it (synchronously, on its own thread). The client
 * offers the same operations as promises; this one interface types both ends of the messages.
 */
export interface CacheOperations extends IncidentCacheOperations {
  /** Cached responses for those URLs that have one. */
  getHttpCache(urls: string[]): Map<string, CachedHttpResponse>;
  /** One transaction: sites, site health and stats are replaced, the given HTTP rows upserted, `fleet_synced_at` set. */
  replaceFleet(input: FleetReplacement): void;
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  queryFleet(query: ParsedFleetQuery): FleetOverview;
  /** The client orgs of the cached sites, with their sites counted per live status. */
  fleetOrgs(): FleetOrg[];
  /** Whether the last fleet sync brought this site. */
  hasSite(siteId: string): boolean;
  /** A document the console keeps as last fetched (a site's view, the attention list), or null. */
  getDocument(kind: DocumentKind, key: string): StoredDocument | null;
  putDocument(kind: DocumentKind, key: string, json: string, asOf: string): void;
}

export type DocumentKind = 'site-view' | 'attention';

export interface StoredDocument {
  json: string;
  asOf: string;
}

export type CacheOperationName = keyof CacheOperations;
/** What the fleet's store answers; the incident store answers the rest. */
export type FleetCacheOperations = Omit<CacheOperations, keyof IncidentCacheOperations>;

// A record rather than a list so the compiler insists on every operation of the interface, once.
const OPERATIONS: Record<CacheOperationName, true> = {
  getHttpCache: true,
  replaceFleet: true,
  getMeta: true,
  setMeta: true,
  queryFleet: true,
  hasSite: true,
  fleetOrgs: true,
  getDocument: true,
  putDocument: true,
  ...INCIDENT_OPERATIONS,
};
export const CACHE_OPERATION_NAMES = Object.keys(OPERATIONS) as CacheOperationName[];

/** Meta keys: when the fleet was last synced (also on an all-304 sync), and which pages it took. */
export const FLEET_SYNCED_AT = 'fleet_synced_at';
export const FLEET_PAGE_URLS = 'fleet_page_urls';

export function isCacheOperationName(value: unknown): value is CacheOperationName {
  return typeof value === 'string' && Object.hasOwn(OPERATIONS, value);
}
