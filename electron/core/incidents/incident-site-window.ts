import type Database from 'better-sqlite3-multiple-ciphers';
import type { SiteRestriction } from './incident-filters.ts';
import { afterKeys, type IncidentSort, type SortKeys } from './incident-windows.ts';
import { prepared } from '../cache/prepared-statements.ts';

/**
 * Index entries a merged read of the sites passes before it gives up: each costs one entry and the
 * check (a seek for a control, ~2 µs at 1M), so a check the sites rarely meet costs ~2 ms before the
 * caller's other plan.
 */
export const SITE_MERGE_BUDGET = 1_000;

/** The budget when the check reads each entry's row (a severity: ~12.5 µs a row at 1M), so giving up costs ~5 ms. */
export const SITE_MERGE_ROW_BUDGET = 400;

/**
 * The first `limit + 1` rowids in time order (the sort `createdAt`, either way) of the matches that lie
 * in a few sites: each site's entries of `incidents_by_site` (site, created_at, rowid, …) are already in
 * that order, so SQLite merges them (one arm of a UNION ALL each) and the walk stops at the page's
 * end, where building the match set first reads every entry of the sites (`riverside 164.308` at 1M:
 * 20,000 entries and a seek each, ~35 ms, against ~0.3 ms). The field conditions are answered in the
 * entries; the rest is checked entry by entry, for no more than SITE_MERGE_BUDGET entries
 * (SITE_MERGE_ROW_BUDGET when the check reads each entry's row).
 * Null when those entries hold too few matches and more entries follow: the caller reads its other way.
 */
export function siteMergedWindow(db: Database.Database, sites: SiteRestriction, sort: IncidentSort, after: SortKeys | null, limit: number): number[] | null {
  const afterParams: unknown[] = [];
  const conditions = ['i.site_id = ?', ...sites.where, ...(after === null ? [] : [afterKeys(sort, after, afterParams)])];
  const columns = ['rowid', 'created_at', 'check_type', 'site_id', ...sites.rowColumns].map((column) => `i.${column} AS ${column}`).join(', ');
  const arm = `SELECT ${columns} FROM incidents i WHERE ${conditions.join(' AND ')}`;
  const budget = sites.rowColumns.length > 0 ? SITE_MERGE_ROW_BUDGET : SITE_MERGE_BUDGET;
  const entries = `${sites.siteIds.map(() => arm).join(' UNION ALL ')} ORDER BY created_at ${sort.direction}, rowid ${sort.direction} LIMIT ${budget}`;
  const check = sites.check ?? { sql: '1', params: [] };
  const statement = prepared<unknown[], { rowid: number; kept: number }>(db, `SELECT c.rowid AS rowid, ${check.sql} AS kept FROM (${entries}) c`);
  const kept: number[] = [];
  let passed = 0;
  for (const entry of statement.iterate(...check.params, ...sites.siteIds.flatMap((siteId) => [siteId, ...sites.params, ...afterParams]))) {
    passed++;
    if (entry.kept) kept.push(entry.rowid);
    if (kept.length > limit) break;
  }
  // Fewer entries than the budget: every entry after `after` was checked, so these are all the matches.
  return kept.length > limit || passed < budget ? kept : null;
}
