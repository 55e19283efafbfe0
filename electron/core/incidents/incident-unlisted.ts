import type Database from 'better-sqlite3-multiple-ciphers';
import type { SliceListing } from './incident-store.ts';

type Connection = Database.Database;

/**
 * A slice's times and rowids, from `incidents_by_site` alone. `+resolved` keeps the planner on it, the
 * slice's own entries; on (resolved, created_at) it walks every incident of the state, all sites.
 */
export const SLICE_ENTRIES = 'SELECT created_at, rowid FROM incidents WHERE site_id = ? AND +resolved = ?';

/**
 * The cached incidents of a slice (one site, one state) that its listing leaves out, within the stretch of
 * time the listing covers: the ones the reconciliation confirms by their detail.
 *
 * Read from indexes, not rows: the listed ids become rowids through the unique index on `id`, and the slice
 * is read from `incidents_by_site`, which holds each row's time and state. Reading the rows instead (a
 * time for each listed id, an id for each of the slice's) decrypted a page for nearly every one of them,
 * because every commit of the writer empties the readers' page caches: 77 ms for four pages' 796 ids at
 * 100k, against 15 ms this way. Only the few rows that are not where the listing says (another site or
 * state) and the unlisted ones themselves are read.
 */
export function unlistedIncidents(db: Connection, listing: SliceListing): string[] {
  const listedIds = [...new Set(listing.listedIds.map((id) => id.toLowerCase()))];
  const listed = new Set(db.prepare<[string], number>('SELECT rowid FROM incidents WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(listedIds)));
  const slice = db
    .prepare<[string, number], [string, number]>(SLICE_ENTRIES)
    .raw()
    .all(listing.siteId, listing.resolved ? 1 : 0);

  // The stretch: from the newest to the oldest time of the listed rows that are cached, wherever they are.
  let newest: string | null = null;
  let oldest: string | null = null;
  const widen = (createdAt: string) => {
    if (newest === null || createdAt > newest) newest = createdAt;
    if (oldest === null || createdAt < oldest) oldest = createdAt;
  };
  const inSlice = new Set<number>();
  for (const [createdAt, rowid] of slice) {
    if (!listed.has(rowid)) continue;
    inSlice.add(rowid);
    widen(createdAt);
  }
  const elsewhere = [...listed].filter((rowid) => !inSlice.has(rowid));
  if (elsewhere.length > 0) {
    const bounds = db
      .prepare<[string], { newest: string | null; oldest: string | null }>('SELECT MAX(created_at) AS newest, MIN(created_at) AS oldest FROM incidents WHERE rowid IN (SELECT value FROM json_each(?))')
      .get(JSON.stringify(elsewhere));
    if (bounds?.newest != null) widen(bounds.newest);
    if (bounds?.oldest != null) widen(bounds.oldest);
  }
  // Nothing the listing vouches for is cached: where it began or ended, there is no stretch to compare.
  if ((!listing.fromStart || !listing.toEnd) && newest === null) return [];

  const unlisted = slice
    .filter(([createdAt, rowid]) => !listed.has(rowid) && (listing.fromStart || createdAt <= newest!) && (listing.toEnd || createdAt >= oldest!))
    .map(([, rowid]) => rowid);
  if (unlisted.length === 0) return [];
  return db.prepare<[string], string>('SELECT id FROM incidents WHERE rowid IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(unlisted));
}
