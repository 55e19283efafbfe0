import { IncidentQuerySchema, type IncidentListItem } from '#shared/incidents/index.ts';
import { FIRST_WINDOW, type PageWindow } from '#shared/paging/paged-query.ts';
import type { CacheClient } from '../../cache/cache-client.ts';
import type { IncidentRecord } from '../incident-records.ts';
import type { TruthRow } from './sim-incidents-server.ts';

/** Every cached incident, newest first, read through the product's keyset paging. */
export async function cachedItems(cache: CacheClient): Promise<IncidentListItem[]> {
  const rows: IncidentListItem[] = [];
  let window: PageWindow | null = FIRST_WINDOW;
  while (window !== null) {
    const page = await cache.queryIncidents(IncidentQuerySchema.parse({ limit: 500, window }), new Date().toISOString());
    rows.push(...page.rows);
    window = page.nextWindow;
  }
  return rows;
}

/** The cached incidents in the shape the simulator's truth is read in. */
export async function cachedRows(cache: CacheClient): Promise<TruthRow[]> {
  return (await cachedItems(cache)).map((row) => ({ id: row.id, resolved: row.resolved, level: row.level, severity: row.severity, checkType: row.checkType, createdAt: row.createdAt }));
}

export const byId = (rows: TruthRow[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/** A listed incident back as the record the cache writes (to plant a stale copy in a test cache). */
export function asRecord(item: IncidentListItem): IncidentRecord {
  return {
    id: item.id, siteId: item.siteId, checkType: item.checkType, severity: item.severity, level: item.level ?? 'none', resolved: item.resolved,
    resolvedAt: item.resolvedAt, createdAt: item.createdAt, hipaaControls: item.hipaaControls, remediationAttempts: item.remediationAttempts,
    remediationExhausted: item.remediationExhausted,
  };
}
