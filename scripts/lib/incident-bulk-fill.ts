// Fills an encrypted cache with N incidents for the incident benches: the sites through the product's
// own fleet write, the incidents generated inside SQLite (one INSERT … SELECT over a counter) in one
// transaction through the product's first-sync bulk path: the secondary indexes deferred and sorted once
// at the end, the control rows and the tallies made once from the rows (list rows have no full-text rows).
import { openCache } from '#core/cache/cache-client.ts';
import { connect } from '#core/cache/open-database.ts';
import type { SiteRecord } from '#core/cache/records.ts';
import { buildDeferredIndexes, deferIncidentIndexes } from '#core/incidents/incident-deferred-indexes.ts';
import { insertInBulk } from '#core/incidents/incident-writes.ts';
import { fullTextRowsFromDetails } from '#core/incidents/incident-fts-sites.ts';
import { PLACE_NAMES, PRACTICE_TYPES } from '#sim/src/fleet/names.ts';
import { INCIDENT_DETAIL_DAYS } from '#shared/incidents/query.ts';

export const FILL_SITES = 300;
export const FILL_ORGS = 40;
const CHECKS = ['patching', 'antivirus', 'backup', 'firewall', 'encryption', 'logging', 'disk_space', 'service_health', 'user_accounts', 'audit_policy', 'bitlocker', 'windows_update'];
/** The fill's page cache (256 MiB): most of the pages a million rows' transaction touches stay decrypted in memory. */
const FILL_CACHE_KIB = 256 * 1024;
const CONTROLS = ['164.312(b)', '164.308(a)(5)(ii)(B)', '164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)', '164.312(e)(1)', '164.310(d)(1)', '164.312(d)', '164.308(a)(1)(ii)(D)'];

export interface FillOptions {
  /**
   * `two-of-eight` (the view's bench): two of eight controls each. `one-of-two` (the query bench):
   * `164.312(b)` for half the rows, `164.308(a)(5)(ii)(B)` for the others (by a hash), so `164.312` matches half.
   */
  controls?: 'two-of-eight' | 'one-of-two';
  /**
   * `open-and-last-week`: a cached detail (hostname, ~1.3 KB of drift data, its words in the full-text
   * index) for every open incident and every one of the last INCIDENT_DETAIL_DAYS.default (7) days, as the product fetches them by
   * default (INCIDENT_DETAIL_DAYS); at 1M ~135,000. Default none.
   */
  details?: 'open-and-last-week';
}

/** Incidents 7.7 s apart ending now (1M span ~89 days), over 300 sites in 40 orgs; every 17th open. */
export async function fillIncidentCache(file: string, keyHex: string, count: number, nowMs: number, options: FillOptions = {}): Promise<void> {
  const cache = await openCache({ file, keyHex });
  const sites: SiteRecord[] = Array.from({ length: FILL_SITES }, (_, index) => ({
    siteId: `site-${index}`,
    // The simulator's own words: a place shared by a few sites (`riverside`: 6 of 300), a practice type by a dozen.
    clinicName: `${PLACE_NAMES[index % PLACE_NAMES.length]!} ${PRACTICE_TYPES[(index * 7) % PRACTICE_TYPES.length]!}`,
    orgId: `org-${index % FILL_ORGS}`,
    orgName: `Health Group ${index % FILL_ORGS}`,
    liveStatus: 'online',
    tier: 'standard',
    applianceCount: 1,
    lastCheckin: new Date(nowMs).toISOString(),
    raw: '{}',
  }));
  await cache.replaceFleet({ sites, health: [], stats: null, httpCache: [], syncedAt: new Date(nowMs).toISOString() });
  await cache.close();

  await addIncidents(file, keyHex, count, { ...options, startSeconds: nowMs / 1000 - count * 7.7, secondsApart: 7.7 });
}

export interface AddedIncidents extends FillOptions {
  /** The first incident's time (seconds since the epoch); each next one `secondsApart` later. */
  startSeconds: number;
  secondsApart: number;
  /** Site ids are this and `i % 300`; default `site-` (the fill's own sites). */
  sitePrefix?: string;
  /** How many of the twelve check types the rows cycle through; default all. */
  checkTypes?: number;
}

/**
 * Three multiplicative hashes of `i` (Knuth's and two of xxHash's primes, mod 2^32) the columns are
 * drawn from, so site, check type, severity, level, state and controls vary independently, as in a
 * real fleet: the per-site tally then has a row for nearly every combination (~115,000 at 1M), where
 * columns derived from `i mod n` made 600 and flattered every per-site sum.
 */
const HASHED = `(SELECT i, (i * 2654435761) % 4294967296 AS a, (i * 2246822519) % 4294967296 AS b, (i * 3266489917) % 4294967296 AS c FROM n)`;

/**
 * Adds `count` generated incidents to an existing cache file (the writer closed): ids
 * `00000000-0000-4000-8000-<i in hex>`, site, check type, severity (of six, weighted), level, state
 * (one in 17 open, the rest resolved a minute after) and controls each drawn from a hash of `i`,
 * controls as `options.controls` says.
 */
export async function addIncidents(file: string, keyHex: string, count: number, options: AddedIncidents): Promise<void> {
  const controls =
    options.controls === 'one-of-two'
      ? `json_array(CASE WHEN (c >> 20) % 2 = 0 THEN '164.312(b)' ELSE '164.308(a)(5)(ii)(B)' END)`
      : `json_array(json_extract(:controls, '$[' || ((c >> 20) % 8) || ']'), json_extract(:controls, '$[' || ((c >> 24) % 8) || ']'))`;
  const checks = CHECKS.slice(0, options.checkTypes ?? CHECKS.length);
  const db = connect(file, keyHex);
  try {
    // A large page cache keeps the transaction's pages decrypted instead of spilling and re-reading them,
    // and without the WAL for the fill each page is encrypted and written once, into the file, instead of
    // into the WAL and then copied (a crash mid-fill leaves a bench file no run reuses: its key is written
    // after). Sorts stay in memory: SQLCipher does not encrypt temp files.
    db.pragma('temp_store=MEMORY');
    db.pragma(`cache_size=-${FILL_CACHE_KIB}`);
    db.pragma('journal_mode=MEMORY');
    db.transaction(() => {
      deferIncidentIndexes(db);
      // The product's bulk path around one INSERT … SELECT: control rows and tallies made once from the rows.
      insertInBulk(
        db,
        () =>
          db.prepare(
            `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :count - 1)
             INSERT INTO incidents (id, site_id, check_type, severity, severity_rank, level, resolved, resolved_at, created_at, hipaa_controls, remediation_attempts, remediation_exhausted)
             SELECT printf('00000000-0000-4000-8000-%012x', i), :sitePrefix || ((a >> 8) % ${FILL_SITES}), json_extract(:checks, '$[' || ((b >> 8) % ${checks.length}) || ']'),
                    json_extract('["critical","high","medium","low","medium","low"]', '$[' || ((c >> 8) % 6) || ']'),
                    json_extract('[0,1,2,3,2,3]', '$[' || ((c >> 8) % 6) || ']'),
                    json_extract('["L1","L1","L1","L2","L3","none"]', '$[' || ((a >> 20) % 6) || ']'),
                    (b >> 20) % 17 <> 0,
                    CASE WHEN (b >> 20) % 17 <> 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', :start + i * :apart + 60, 'unixepoch') END,
                    strftime('%Y-%m-%dT%H:%M:%fZ', :start + i * :apart, 'unixepoch'),
                    ${controls},
                    i % 4, i % 9 = 0
             FROM ${HASHED}`,
          ).run({
            count, checks: JSON.stringify(checks), start: options.startSeconds, apart: options.secondsApart, sitePrefix: options.sitePrefix ?? 'site-',
            ...(options.controls === 'one-of-two' ? {} : { controls: JSON.stringify(CONTROLS) }),
          }),
      );
      if (options.details === 'open-and-last-week') fillDetails(db, new Date((options.startSeconds + count * options.secondsApart - INCIDENT_DETAIL_DAYS.default * 86_400) * 1000).toISOString());
      // The secondary indexes sorted from the finished rows, and the full-text index compacted.
      buildDeferredIndexes(db);
    })();
    // The product reads its cache beside the writer, in WAL mode.
    db.pragma('journal_mode=WAL');
  } finally {
    db.close();
  }
}

/**
 * Details for the open incidents and those since `since`, written as `putDetail` writes one: the
 * detail row, the incident's hostname and detail state, its full-text row. The drift words come from a
 * small vocabulary (a service, a registry path, a hostname), so the full-text index stays a realistic size;
 * the drift data is padded to ~1.3 KB, what a detail's row costs in pages.
 */
function fillDetails(db: ReturnType<typeof connect>, since: string): void {
  db.prepare(
    `INSERT INTO incident_details (incident_rowid, appliance_id, drift_json, drift_truncated, drift_bytes, timeline_json, search_text, fetched_at)
     SELECT rowid, 'appliance-' || (rowid % ${FILL_SITES}), json_object('service', 'svc-' || (rowid % 97), 'registry', 'HKLM\\Software\\Policies\\Vendor' || (rowid % 31), 'evidence', hex(randomblob(600))),
            0, 1300, '[]', 'svc-' || (rowid % 97) || ' hklm software policies vendor' || (rowid % 31), ?
     FROM incidents WHERE resolved = 0 OR created_at >= ?`,
  ).run(since, since);
  db.exec(`UPDATE incidents SET hostname = printf('ws-%04d', rowid % 5000), detail_state = 1 WHERE rowid IN (SELECT incident_rowid FROM incident_details)`);
  db.exec(fullTextRowsFromDetails());
}
