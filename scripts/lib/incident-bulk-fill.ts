// Fills an encrypted cache with N incidents for the incident benches: the sites through the product's
// own fleet write, the incidents generated inside SQLite (one INSERT … SELECT over a counter, then the
// control rows and, when asked, the full-text rows as the product's bulk write makes them: check type,
// clinic name, the controls joined by spaces), with the tallies counted from those rows exactly as a sync's triggers would keep them.
import { openCache } from '#core/cache/cache-client.ts';
import { connect } from '#core/cache/open-database.ts';
import type { SiteRecord } from '#core/cache/records.ts';
import { compactIncidentSearch } from '#core/incidents/incident-plan-migration.ts';

export const FILL_SITES = 300;
export const FILL_ORGS = 40;
const CHECKS = ['patching', 'antivirus', 'backup', 'firewall', 'encryption', 'logging', 'disk_space', 'service_health', 'user_accounts', 'audit_policy', 'bitlocker', 'windows_update'];
const CONTROLS = ['164.312(b)', '164.308(a)(5)(ii)(B)', '164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)', '164.312(e)(1)', '164.310(d)(1)', '164.312(d)', '164.308(a)(1)(ii)(D)'];

export interface FillOptions {
  /**
   * `two-of-eight` (the view's bench): two of eight controls each. `one-of-two` (the query bench):
   * `164.312(b)` for every even row, `164.308(a)(5)(ii)(B)` for every odd one, so `164.312` matches half.
   */
  controls?: 'two-of-eight' | 'one-of-two';
  /** Also write the full-text rows (the FTS queries read them). */
  fullText?: boolean;
}

/** Incidents 7.7 s apart ending now (1M span ~89 days), over 300 sites in 40 orgs; every 17th open. */
export async function fillIncidentCache(file: string, keyHex: string, count: number, nowMs: number, options: FillOptions = {}): Promise<void> {
  const cache = await openCache({ file, keyHex });
  const sites: SiteRecord[] = Array.from({ length: FILL_SITES }, (_, index) => ({
    siteId: `site-${index}`,
    clinicName: `Clinic ${index} Family Practice`,
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

  const controls =
    options.controls === 'one-of-two'
      ? `json_array(CASE WHEN i % 2 = 0 THEN '164.312(b)' ELSE '164.308(a)(5)(ii)(B)' END)`
      : `json_array(json_extract(:controls, '$[' || (i % 8) || ']'), json_extract(:controls, '$[' || ((i / 8) % 8) || ']'))`;
  const db = connect(file, keyHex);
  try {
    const startSeconds = nowMs / 1000 - count * 7.7;
    // The tally triggers cost more than the insert itself: dropped for the fill, the tallies are counted
    // once from the rows afterwards (as the migrations that created them do), the triggers put back.
    const triggers = db.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('incidents', 'incident_controls')`).all();
    db.transaction(() => {
      for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :count - 1)
         INSERT INTO incidents (id, site_id, check_type, severity, severity_rank, level, resolved, resolved_at, created_at, hipaa_controls, remediation_attempts, remediation_exhausted)
         SELECT printf('00000000-0000-4000-8000-%012x', i), 'site-' || (i % ${FILL_SITES}), json_extract(:checks, '$[' || (i % 12) || ']'),
                json_extract('["critical","high","medium","low","medium","low"]', '$[' || (i % 6) || ']'),
                json_extract('[0,1,2,3,2,3]', '$[' || (i % 6) || ']'),
                json_extract('["L1","L1","L1","L2","L3","none"]', '$[' || (i % 6) || ']'),
                i % 17 <> 0,
                CASE WHEN i % 17 <> 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', :start + i * 7.7 + 60, 'unixepoch') END,
                strftime('%Y-%m-%dT%H:%M:%fZ', :start + i * 7.7, 'unixepoch'),
                ${controls},
                i % 4, i % 9 = 0
         FROM n`,
      ).run({ count, checks: JSON.stringify(CHECKS), start: startSeconds, ...(options.controls === 'one-of-two' ? {} : { controls: JSON.stringify(CONTROLS) }) });
      db.exec('INSERT OR IGNORE INTO incident_controls (control, incident_rowid) SELECT c.value, i.rowid FROM incidents i, json_each(i.hipaa_controls) c');
      db.exec(`
        INSERT INTO incident_tally SELECT site_id, severity, level, resolved, check_type, count(*) FROM incidents GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO incident_day_tally SELECT substr(created_at, 1, 10), severity, level, resolved, check_type, count(*) FROM incidents GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO incident_control_tally SELECT c.control, i.site_id, i.severity, i.level, i.resolved, i.check_type, count(*) FROM incident_controls c JOIN incidents i ON i.rowid = c.incident_rowid GROUP BY 1, 2, 3, 4, 5, 6;
        INSERT INTO incident_control_day_tally SELECT c.control, substr(i.created_at, 1, 10), i.level, i.resolved, count(*) FROM incident_controls c JOIN incidents i ON i.rowid = c.incident_rowid GROUP BY 1, 2, 3, 4;
      `);
      for (const trigger of triggers) db.exec(trigger.sql);
      if (options.fullText) {
        db.exec(`INSERT INTO incident_fts (rowid, check_type, site_name, controls, hostname, drift)
                 SELECT i.rowid, i.check_type, COALESCE(s.clinic_name, i.site_id), (SELECT group_concat(c.value, ' ') FROM json_each(i.hipaa_controls) c), '', ''
                 FROM incidents i LEFT JOIN sites s ON s.site_id = i.site_id ORDER BY i.rowid`);
        compactIncidentSearch(db);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
