import type Database from 'better-sqlite3-multiple-ciphers';

/** Test-only: takes a cache file back to before the fleet sort migration, as an older console left it. */
export function undoFleetSortIndexes(db: Database.Database): void {
  const added = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'sites_by_%' AND (name LIKE '%_desc' OR name LIKE 'sites_by_live_status_rank%' OR name = 'sites_by_health_overall')`).all();
  for (const { name } of added) db.exec(`DROP INDEX ${name}`);
  db.exec('ALTER TABLE sites DROP COLUMN health_overall; CREATE INDEX site_health_by_health_overall ON site_health (health_overall, site_id);');
}
