import type Database from 'better-sqlite3-multiple-ciphers';
import { CONTROL_SET_ROLL_UP } from './incident-control-set-tally-migration.ts';
import { parseControls } from './incident-rows.ts';
import { KeptUntilCommit } from './kept-until-commit.ts';
import { prepared } from '../cache/prepared-statements.ts';

type Connection = Database.Database;

/**
 * More distinct control lists than this and the control-list tally is no longer small (a server that
 * sends a list of its own with every incident): searches naming controls are then counted over their
 * first matches instead, as any untallied search is.
 */
export const MAX_CONTROL_LISTS = 2_000;

/** The control lists cached incidents carry, as the control-list tally keys them, each with its controls folded as NOCASE folds them. */
export interface ControlLists {
  keys: string[];
  folded: ReadonlySet<string>[];
}

/** Every cached control list, read again only after a commit; null when there are more than MAX_CONTROL_LISTS. */
export function controlLists(db: Connection): ControlLists | null {
  return cachedLists.get(db);
}

const cachedLists = new KeptUntilCommit((db): ControlLists | null => {
  const keys = prepared<[number], string>(db, `SELECT controls FROM ${CONTROL_SET_ROLL_UP.target} GROUP BY 1 HAVING SUM(n) > 0 LIMIT ?`)
    .pluck()
    .all(MAX_CONTROL_LISTS + 1);
  return keys.length > MAX_CONTROL_LISTS ? null : { keys, folded: keys.map((key) => new Set(parseControls(key).map(fold))) };
});

/** The lists that carry at least one of the controls (compared as `incident_controls` does, ignoring case). */
export function listsNaming(lists: ControlLists, controls: readonly string[]): string[] {
  const named = controls.map(fold);
  return lists.keys.filter((_, index) => named.some((control) => lists.folded[index]!.has(control)));
}

/** Counts per control from counts per control list: a list counts once for each distinct control it holds. */
export function countsPerControl(counted: readonly { controls: string; n: number }[]): Map<string, number> {
  const counts = new Map<string, number>();
  const spelling = new Map<string, string>();
  for (const { controls, n } of counted) {
    for (const control of new Set(parseControls(controls).map((name) => spelling.get(fold(name)) ?? (spelling.set(fold(name), name), name)))) {
      counts.set(control, (counts.get(control) ?? 0) + n);
    }
  }
  return counts;
}

/** ASCII letters only, as SQLite's NOCASE compares. */
function fold(control: string): string {
  return control.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
