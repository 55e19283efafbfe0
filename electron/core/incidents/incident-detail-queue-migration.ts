import { indexMigration } from '../cache/index-migration.ts';

/** The incidents whose detail is not cached, by state and time: what each cycle's detail fetch picks from. */
export const NEEDING_DETAIL_INDEX = 'incidents (resolved, created_at) WHERE detail_state <> 1';

/**
 * Each sync cycle asks for the open incidents, then the recent ones, whose detail is not cached yet. The
 * index cache migration 3 made for it, `(detail_state, created_at)`, gave no seek for either, so SQLite read
 * every open and every recent row to find them: 675 ms a cycle at 1M with the default detail setting's
 * details all cached, to find none. Led by the state, it is a seek for each (0.1 ms).
 */
export const INCIDENT_DETAIL_QUEUE_MIGRATION = indexMigration(14, 'incidents needing a detail: indexed by state and time', 'incidents_needing_detail', NEEDING_DETAIL_INDEX);
