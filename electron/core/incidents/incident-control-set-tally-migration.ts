import type { Migration } from '../cache/migrations.ts';
import { INCIDENT_KIND_ROLL_UP, rollUpSql, type RollUp } from './incident-kind-tally-migration.ts';
import { INCIDENT_SITE_ROLL_UP } from './incident-site-tally-migration.ts';
import { KIND_COLUMNS, column, rollUpWithoutSite, rowTallySql, type RowTally } from './incident-row-tally.ts';

/** The per-site tally by the incident's whole list of HIPAA controls as stored (`incidents.hipaa_controls`), beside the per-site tally's dimensions. */
export const CONTROL_SET_TALLY_KEYS: RowTally = {
  table: 'incident_control_set_tally',
  triggerPrefix: 'incidents_control_set_tally',
  keys: { controls: column('hipaa_controls', 'TEXT NOT NULL'), site_id: column('site_id', 'TEXT NOT NULL'), ...KIND_COLUMNS },
};

/** The same counts without the site: a row per control list and kind of incident. */
export const CONTROL_SET_ROLL_UP: RollUp = rollUpWithoutSite(CONTROL_SET_TALLY_KEYS, 'incident_control_set_kind_tally');

/** Every roll-up the latest migration leaves, each kept by triggers on its source tally. */
export const CURRENT_INCIDENT_ROLL_UPS: readonly RollUp[] = [INCIDENT_KIND_ROLL_UP, INCIDENT_SITE_ROLL_UP, CONTROL_SET_ROLL_UP];

/**
 * What the per-control tallies (cache migrations 4 and 7) were kept by: their own triggers on
 * `incident_controls` and `incidents`; the roll-up's triggers go with the table they are on.
 */
const PER_CONTROL_TALLY_TRIGGERS = ['incident_controls_tally_insert', 'incident_controls_tally_delete', 'incidents_control_tally_update'];

/**
 * Counts by the whole list of controls an incident carries, beside every other tallied dimension. A
 * search naming controls matches an incident when any of its controls is named, and an incident may
 * carry several of them (`164.308` names five controls in central-sim's catalog, and a backup failure
 * carries two). A per-control tally counts such an incident once per control, so no sum of it is the
 * union; a tally by control list is: the lists that name one of the controls are known (a few dozen
 * distinct lists, since a check type brings its own), and their counts sum to the matches exactly,
 * with or without the other tallied conditions. Kept by triggers on `incidents`, filled from it here.
 *
 * It replaces the per-control tallies: their counts are its counts added up per control (the control
 * facet), and the cached control names come from `incident_controls`' key (search-dimensions.ts). Keeping them
 * cost a join of every written incident with its control rows, a tenth of a first sync's writer.
 */
export const INCIDENT_CONTROL_SET_TALLY_MIGRATION: Migration = {
  version: 11,
  description: 'incident tally by control list: a search naming several controls is counted exactly; it replaces the per-control tallies',
  up(db) {
    db.exec(`
      ${PER_CONTROL_TALLY_TRIGGERS.map((trigger) => `DROP TRIGGER IF EXISTS ${trigger};`).join(' ')}
      DROP TABLE IF EXISTS incident_control_kind_tally;
      DROP TABLE IF EXISTS incident_control_tally;
      ${rowTallySql(CONTROL_SET_TALLY_KEYS)}
      ${rollUpSql(CONTROL_SET_ROLL_UP)}
    `);
  },
};
