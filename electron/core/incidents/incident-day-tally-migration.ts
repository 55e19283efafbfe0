import type { Migration } from '../cache/migrations.ts';
import { KIND_COLUMNS, column, rowTallySql, type RowTally } from './incident-row-tally.ts';

/** Counts per UTC day (of created_at), level, state, control list as stored, severity and check type. */
export const CONTROL_SET_DAY_TALLY_KEYS: RowTally = {
  table: 'incident_control_set_day_tally',
  triggerPrefix: 'incidents_control_set_day_tally',
  // Ordered as the chart groups (day, level, state): its sum streams through the key, no sort.
  keys: {
    day: { declaration: 'TEXT NOT NULL', of: (row) => `substr(${row}.created_at, 1, 10)`, source: 'created_at' },
    level: KIND_COLUMNS.level,
    resolved: KIND_COLUMNS.resolved,
    controls: column('hipaa_controls', 'TEXT NOT NULL'),
    severity: KIND_COLUMNS.severity,
    check_type: KIND_COLUMNS.check_type,
  },
};

/** The day tallies it replaces (cache migrations 4 and 6) and the triggers that kept them. */
const REPLACED = `
  DROP TRIGGER IF EXISTS incidents_day_tally_insert; DROP TRIGGER IF EXISTS incidents_day_tally_delete; DROP TRIGGER IF EXISTS incidents_day_tally_update;
  DROP TRIGGER IF EXISTS incident_controls_day_tally_insert; DROP TRIGGER IF EXISTS incident_controls_day_tally_delete; DROP TRIGGER IF EXISTS incidents_control_day_tally_update;
  DROP TABLE IF EXISTS incident_day_tally; DROP TABLE IF EXISTS incident_control_day_tally;
`;

/**
 * The chart's tally by control list as well as by day and kind, as cache migration 11 did for totals
 * and facets: the chart of any search over tallied dimensions but the site — one control, several
 * (`164.308 severity:high`, `control:164.3*`), none — is the sum of its rows, where a search naming
 * several controls read every match's index entry (at 1M: 0.5-0.9 s a chart). It replaces both day
 * tallies: the one without controls is its sum over them, and the per-control one is its lists that
 * name the control. Kept by triggers on `incidents` instead of on every control row.
 */
export const INCIDENT_DAY_TALLY_MIGRATION: Migration = {
  version: 12,
  description: 'incident day tally by control list: the chart of a search naming controls is summed; it replaces both day tallies',
  up(db) {
    db.exec(`${REPLACED} ${rowTallySql(CONTROL_SET_DAY_TALLY_KEYS)}`);
  },
};
