import type Database from 'better-sqlite3-multiple-ciphers';
import { CONTROL_SET_TALLY_KEYS, CURRENT_INCIDENT_ROLL_UPS } from '../incident-control-set-tally-migration.ts';
import { CONTROL_SET_DAY_TALLY_KEYS } from '../incident-day-tally-migration.ts';
import { INCIDENT_TALLY_KEYS } from '../incident-row-tally.ts';

/** One tally as kept and as recounted from what it counts (rows at zero left out of both), in the same order. */
export interface TallyComparison {
  table: string;
  kept: unknown[];
  counted: unknown[];
}

/**
 * Every tally the cache keeps, against a recount: the tallies on `incidents` against its rows, each
 * roll-up against the per-site tally it sums. For tests and the soak, through a raw connection.
 */
export function compareTallies(db: Database.Database): TallyComparison[] {
  const rowTallies = [INCIDENT_TALLY_KEYS, CONTROL_SET_TALLY_KEYS, CONTROL_SET_DAY_TALLY_KEYS].map(({ table, keys }) => {
    const columns = Object.keys(keys);
    const order = columns.map((_, index) => index + 1).join(', ');
    return {
      table,
      kept: db.prepare(`SELECT ${columns.join(', ')}, n FROM ${table} WHERE n <> 0 ORDER BY ${order}`).all(),
      counted: db.prepare(`SELECT ${columns.map((name) => `${keys[name]!.of('i')} AS ${name}`).join(', ')}, count(*) AS n FROM incidents i GROUP BY ${order} ORDER BY ${order}`).all(),
    };
  });
  const rollUps = CURRENT_INCIDENT_ROLL_UPS.map(({ source, target, keys }) => {
    const list = Object.keys(keys).join(', ');
    return {
      table: target,
      kept: db.prepare(`SELECT ${list}, n FROM ${target} WHERE n <> 0 ORDER BY ${list}`).all(),
      counted: db.prepare(`SELECT ${list}, SUM(n) AS n FROM ${source} GROUP BY ${list} HAVING SUM(n) <> 0 ORDER BY ${list}`).all(),
    };
  });
  return [...rowTallies, ...rollUps];
}

/** The comparisons that differ, by table and how many rows each side has. */
export function tallyDrift(db: Database.Database): string[] {
  return compareTallies(db)
    .filter(({ kept, counted }) => JSON.stringify(kept) !== JSON.stringify(counted))
    .map(({ table, kept, counted }) => `${table}: ${kept.length} rows kept, ${counted.length} counted`);
}
