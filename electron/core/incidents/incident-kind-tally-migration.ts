import type { Migration } from '../cache/migrations.ts';

/** A tally without its site column: the same counts summed over every site. */
export interface RollUp {
  /** The per-site tally it sums. */
  source: string;
  target: string;
  /** The key columns both share (the source's key without `site_id`), with their declarations. */
  keys: Readonly<Record<string, string>>;
}

/**
 * Per-site tallies have a row for every (site, severity, level, state, check type) that occurs: with a
 * real fleet's spread that is a row for every few incidents (28,000 rows for 100,000 synced incidents,
 * up to ~125,000 for 300 sites), and a total or facet with no site in its filter sums all of them on
 * every query (1.5-10 ms a sum at 100k). The same counts without the site are a few hundred rows.
 */
export const INCIDENT_KIND_ROLL_UP: RollUp = {
  source: 'incident_tally',
  target: 'incident_kind_tally',
  keys: { severity: 'TEXT NOT NULL', level: 'TEXT NOT NULL', resolved: 'INTEGER NOT NULL', check_type: 'TEXT NOT NULL COLLATE NOCASE' },
};

/** The per-control tally's roll-up (dropped with it by cache migration 11). */
const INCIDENT_CONTROL_KIND_ROLL_UP: RollUp = {
  source: 'incident_control_tally',
  target: 'incident_control_kind_tally',
  keys: { control: 'TEXT NOT NULL COLLATE NOCASE', severity: 'TEXT NOT NULL', level: 'TEXT NOT NULL', resolved: 'INTEGER NOT NULL', check_type: 'TEXT NOT NULL COLLATE NOCASE' },
};

/**
 * The roll-up's table, filled from its source, and the triggers that keep it: on the source tally
 * itself, so every way the per-site tally is written (the per-row triggers on `incidents`, a bulk
 * write's per-batch count, a migration) keeps the roll-up without knowing of it.
 */
export function rollUpSql({ source, target, keys }: RollUp): string {
  const columns = Object.keys(keys);
  const list = columns.join(', ');
  const of = (row: 'NEW' | 'OLD') => columns.map((column) => `${row}.${column}`).join(', ');
  const matchesOld = columns.map((column) => `${column} = OLD.${column}`).join(' AND ');
  const add = `INSERT INTO ${target} (${list}, n) VALUES (${of('NEW')}, NEW.n) ON CONFLICT DO UPDATE SET n = n + excluded.n;`;
  const subtract = `UPDATE ${target} SET n = n - OLD.n WHERE ${matchesOld};`;
  return `
    CREATE TABLE ${target} (
      ${columns.map((column) => `${column} ${keys[column]}`).join(', ')},
      n INTEGER NOT NULL,
      PRIMARY KEY (${list})
    ) WITHOUT ROWID;
    INSERT INTO ${target} (${list}, n) SELECT ${list}, SUM(n) FROM ${source} GROUP BY ${list};
    CREATE TRIGGER ${target}_insert AFTER INSERT ON ${source} BEGIN ${add} END;
    CREATE TRIGGER ${target}_update AFTER UPDATE ON ${source} BEGIN ${subtract} ${add} END;
    CREATE TRIGGER ${target}_delete AFTER DELETE ON ${source} BEGIN ${subtract} END;
  `;
}

export const INCIDENT_KIND_TALLY_MIGRATION: Migration = {
  version: 7,
  description: 'incident tallies without the site: totals and facets of filters without a site sum a few hundred rows',
  up(db) {
    for (const rollUp of [INCIDENT_KIND_ROLL_UP, INCIDENT_CONTROL_KIND_ROLL_UP]) db.exec(rollUpSql(rollUp));
  },
};
