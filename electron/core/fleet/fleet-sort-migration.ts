import type { Migration } from '../cache/migrations.ts';

/**
 * One index per sort key and direction of the sites table, so a window of 30,000 sites is an
 * index walk to its offset and 100 rows, not a sort of every site. Each index ends in site_id
 * ascending, the tie-break in both directions, which is why a descending sort needs its own
 * index (walking the ascending one backwards would break ties by site_id descending).
 *
 * The health score is copied onto `sites` (it lives in `site_health`, which a LEFT JOIN cannot
 * drive the walk from); the fleet sync writes both in one transaction. The live-status rank is an
 * expression index: its CASE must stay exactly the fleet query's (fleet-order.ts); the query-plan
 * test fails if they part. A change to the statuses' order needs a new migration for that index.
 */
export const FLEET_SORT_INDEXES_MIGRATION: Migration = {
  version: 5,
  description: 'fleet: an index per sites-table sort key and direction, health score on sites',
  up(db) {
    db.exec(`
      ALTER TABLE sites ADD COLUMN health_overall REAL;
      UPDATE sites SET health_overall = h.health_overall FROM site_health h WHERE h.site_id = sites.site_id;
      DROP INDEX site_health_by_health_overall;
      CREATE INDEX sites_by_clinic_name_desc ON sites (clinic_name COLLATE NOCASE DESC, site_id);
      CREATE INDEX sites_by_org_name_desc ON sites (org_name COLLATE NOCASE DESC, site_id);
      CREATE INDEX sites_by_live_status_rank ON sites (
        CASE live_status WHEN 'online' THEN 0 WHEN 'stale' THEN 1 WHEN 'offline' THEN 2 WHEN 'pending' THEN 3 WHEN 'auth_failed' THEN 4 ELSE 5 END,
        live_status, site_id);
      CREATE INDEX sites_by_live_status_rank_desc ON sites (
        CASE live_status WHEN 'online' THEN 0 WHEN 'stale' THEN 1 WHEN 'offline' THEN 2 WHEN 'pending' THEN 3 WHEN 'auth_failed' THEN 4 ELSE 5 END DESC,
        live_status DESC, site_id);
      CREATE INDEX sites_by_health_overall ON sites (health_overall, site_id);
      CREATE INDEX sites_by_health_overall_desc ON sites (health_overall DESC, site_id);
      CREATE INDEX sites_by_appliance_count_desc ON sites (appliance_count DESC, site_id);
      CREATE INDEX sites_by_last_checkin_desc ON sites (last_checkin DESC, site_id);
    `);
  },
};
