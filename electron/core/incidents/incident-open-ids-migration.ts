import { indexMigration } from '../cache/index-migration.ts';

/** The open incidents' ids, apart: what each sync cycle's open pass compares its listing with. */
export const OPEN_IDS_INDEX = 'incidents (resolved, id) WHERE resolved = 0';

/**
 * Each sync cycle lists the ids of the cached open incidents. Through `(resolved, created_at)` that is a
 * table row read for each, and every commit of the writer empties the readers' page caches, so each
 * cycle decrypted again most of the table's pages: 140 ms at 100k (6,849 open), ~660 ms at 1M. This index
 * holds only the open rows with their ids (6.7 ms at 100k after a commit). Like every non-unique index of
 * `incidents`, a first sync defers it (the query then takes the state index, slower, not different).
 */
export const INCIDENT_OPEN_IDS_MIGRATION = indexMigration(16, 'open incidents: their ids in an index of their own', 'incidents_open', OPEN_IDS_INDEX);
