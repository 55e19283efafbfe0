import type Database from 'better-sqlite3-multiple-ciphers';
import type { IncidentListItem } from '#shared/incidents/index.ts';
import type { StoredRow } from './incident-writes.ts';
import { prepared } from '../cache/prepared-statements.ts';

/** A stored row as a list shows it: with its id and the names joined from the fleet's sites. */
export interface ListRow extends StoredRow {
  id: string;
  site_name: string | null;
  hostname: string | null;
}

/** The columns of `incidents i LEFT JOIN sites s` that make a ListRow. */
export const LIST_COLUMNS = `i.rowid, i.id, i.site_id, s.clinic_name AS site_name, i.hostname, i.check_type, i.severity, i.level, i.resolved, i.resolved_at, i.created_at,
  i.hipaa_controls, i.remediation_attempts, i.remediation_exhausted, i.detail_state`;

export function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

/** The incidents a tally (`t`) counts under the conditions: the sum of its `n`, 0 when none. */
export function tallySum(db: Database.Database, table: string, where: readonly string[], params: readonly unknown[]): number {
  return prepared<unknown[], number | null>(db, `SELECT SUM(n) FROM ${table} t ${whereClause(where)}`).pluck().get(...params) ?? 0;
}

export function toListItem(row: ListRow): IncidentListItem {
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    hostname: row.hostname,
    checkType: row.check_type,
    severity: row.severity,
    level: row.level === 'none' ? null : row.level,
    resolved: row.resolved === 1,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    hipaaControls: parseControls(row.hipaa_controls),
    remediationAttempts: row.remediation_attempts,
    remediationExhausted: row.remediation_exhausted === 1,
    detailCached: row.detail_state !== 0,
  };
}

export function parseControls(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
