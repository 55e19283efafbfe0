import { indexMigration } from '../cache/index-migration.ts';
import { INCIDENT_INDEXES } from './incident-plan-migration.ts';

/**
 * The site index carries the check type too: a search whose words name a clinic and a check type
 * (`riverside backup`) then reads the clinic's index entries and keeps those of the check types from
 * the entries alone, where it read every entry of the check types against the clinic's rows (at 1M:
 * 83,000 entries for a 1,700-row answer).
 */
export const SITE_INDEX = 'incidents (site_id, created_at, rowid, level, resolved, check_type)';

/** The incident indexes the query plans read, as the latest migration leaves them (the state's as cache migration 1 made it). */
export const CURRENT_INCIDENT_INDEXES: Readonly<Record<string, string>> = { ...INCIDENT_INDEXES, incidents_by_site: SITE_INDEX, incidents_by_state: 'incidents (resolved, created_at)' };

export const INCIDENT_SITE_INDEX_MIGRATION = indexMigration(9, 'incident site index: the check type beside the site', 'incidents_by_site', SITE_INDEX);
