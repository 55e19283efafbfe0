// Fills an encrypted cache with N incidents for the incident view's bench: the sites through the
// product's own fleet write, the incidents generated inside SQLite (one INSERT … SELECT over a
// counter, then the control rows), so the triggers keep the tally exactly as a sync would. The
// full-text index is left empty: the view's list, facet and chart queries do not read it.
import { openCache } from '#core/cache/cache-client.ts';
import { connect } from '#core/cache/open-database.ts';
import type { SiteRecord } from '#core/cache/records.ts';

export const FILL_SITES = 300;
export const FILL_ORGS = 40;
const CHECKS = ['patching', 'antivirus', 'backup', 'firewall', 'encryption', 'logging', 'disk_space', 'service_health', 'user_accounts', 'audit_policy', 'bitlocker', 'windows_update'];
const CONTROLS = ['164.312(b)', '164.308(a)(5)(ii)(B)', '164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)', '164.312(e)(1)', '164.310(d)(1)', '164.312(d)', '164.308(a)(1)(ii)(D)'];

/** Incidents 7.7 s apart ending now (1M span ~89 days), over 300 sites in 40 orgs; every 17th open. */
export async function fillIncidentCache(file: string, keyHex: string, count: number, nowMs: number): Promise<void> {
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

  const db = connect(file, keyHex);
  try {
    const startSeconds = nowMs / 1000 - count * 7.7;
    db.transaction(() => {
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
         INSERT INTO incidents (id, site_id, check_type, severity, severity_rank, level, resolved, resolved_at, created_at, hipaa_controls, remediation_attempts, remediation_exhausted)
         SELECT printf('00000000-0000-4000-8000-%012x', i), 'site-' || (i % ${FILL_SITES}), json_extract(?, '$[' || (i % 12) || ']'),
                json_extract('["critical","high","medium","low","medium","low"]', '$[' || (i % 6) || ']'),
                json_extract('[0,1,2,3,2,3]', '$[' || (i % 6) || ']'),
                json_extract('["L1","L1","L1","L2","L3","none"]', '$[' || (i % 6) || ']'),
                i % 17 <> 0,
                CASE WHEN i % 17 <> 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', ? + i * 7.7 + 60, 'unixepoch') END,
                strftime('%Y-%m-%dT%H:%M:%fZ', ? + i * 7.7, 'unixepoch'),
                json_array(json_extract(?, '$[' || (i % 8) || ']'), json_extract(?, '$[' || ((i / 8) % 8) || ']')),
                i % 4, i % 9 = 0
         FROM n`,
      ).run(count, JSON.stringify(CHECKS), startSeconds, startSeconds, JSON.stringify(CONTROLS), JSON.stringify(CONTROLS));
      db.exec('INSERT OR IGNORE INTO incident_controls (control, incident_rowid) SELECT c.value, i.rowid FROM incidents i, json_each(i.hipaa_controls) c');
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
