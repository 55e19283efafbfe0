import type { IncidentCacheOperations } from '../incidents/incident-store.ts';
import type { FleetOrgPage, FleetOrgsQuery, FleetOverview, FleetQuery } from '#shared/fleet/index.ts';
import type { IncidentFacetOperations } from '../incidents/incident-facets.ts';
import type { IncidentHistogramOperations } from '../incidents/incident-histogram.ts';
import type { IncidentListOperations } from '../incidents/incident-list.ts';
import type { CachedHttpResponse, FleetReplacement } from './records.ts';

/**
 * What the cache can do, as the worker runs it (synchronously, on its own thread). The client
 * offers the same operations as promises; this one interface types both ends of the messages.
 */
export type CacheOperations = CacheStoreOperations & FleetCacheOperations & IncidentCacheOperations & IncidentViewOperations;
/** The incidents view's reads: its list windows, facet counts and chart. */
export type IncidentViewOperations = IncidentListOperations & IncidentFacetOperations & IncidentHistogramOperations;

/** Kind-independent: HTTP validators, meta values, documents (cache-store.ts). */
export interface CacheStoreOperations {
  /** Cached responses for those URLs that have one. */
  getHttpCache(urls: string[]): Map<string, CachedHttpResponse>;
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  /** A document the console keeps as last fetched (a site's view, the attention list), or null. */
  getDocument(kind: DocumentKind, key: string): StoredDocument | null;
  putDocument(kind: DocumentKind, key: string, json: string, asOf: string): void;
}

/** The fleet's tables (core/fleet/fleet-cache.ts). */
export interface FleetCacheOperations {
  /** One transaction: sites, site health and stats are replaced, the given HTTP rows upserted, `fleet_synced_at` set. */
  replaceFleet(input: FleetReplacement): void;
  /** A window of the matching sites and their count: only the window crosses from the worker. */
  queryFleet(query: FleetQuery): FleetOverview;
  /** A window of the client orgs of the cached sites, with their sites counted per live status. */
  fleetOrgs(query: FleetOrgsQuery): FleetOrgPage;
  /** Whether the last fleet sync brought this site. */
  hasSite(siteId: string): boolean;
}

/** Each feature names its own kind of document (core/cache/cached-document.ts), e.g. 'site-view'. */
export type DocumentKind = string;

export interface StoredDocument {
  json: string;
  asOf: string;
}

export type CacheOperationName = keyof CacheOperations;

/**
 * Which connection answers each operation: reads go to the reader worker's read-only connection, so
 * a long write transaction never holds them up (WAL lets them see the last commit meanwhile); writes
 * go to the writer, one after another. A record, so the compiler insists on every operation, once.
 */
const OPERATIONS: Record<CacheOperationName, 'read' | 'write'> = {
  getHttpCache: 'read',
  replaceFleet: 'write',
  getMeta: 'read',
  setMeta: 'write',
  queryFleet: 'read',
  hasSite: 'read',
  fleetOrgs: 'read',
  getDocument: 'read',
  putDocument: 'write',
  queryIncidents: 'read',
  incidentFacets: 'read',
  incidentHistogram: 'read',
  writeIncidents: 'write',
  setIncidentSettings: 'write',
  incidentDetail: 'read',
  openIncidentIds: 'read',
  incidentSites: 'read',
  incidentsNeedingDetail: 'read',
  incidentValidators: 'read',
  incidentsUnlisted: 'read',
  newestIncidentAt: 'read',
  incidentSettings: 'read',
};
export const CACHE_OPERATION_NAMES = Object.keys(OPERATIONS) as CacheOperationName[];
export const CACHE_READ_OPERATION_NAMES = CACHE_OPERATION_NAMES.filter((name) => OPERATIONS[name] === 'read');

/** Meta keys: when the fleet was last synced (also on an all-304 sync), and which pages it took. */
export const FLEET_SYNCED_AT = 'fleet_synced_at';
export const FLEET_PAGE_URLS = 'fleet_page_urls';
