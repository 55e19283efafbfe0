import type Database from 'better-sqlite3-multiple-ciphers';
import type { IncidentRecord } from './incident-records.ts';
import { INCIDENT_ROLL_UPS } from './incident-kind-tally-migration.ts';

type Connection = Database.Database;
type Value = string | number;

/**
 * The triggers that keep the roll-ups from their per-site tallies as those are written
 * (incident-kind-tally-migration.ts): a bulk insert that counts the roll-ups itself drops them with the
 * tallies' own insert triggers.
 */
export const ROLL_UP_TRIGGERS: readonly string[] = INCIDENT_ROLL_UPS.flatMap(({ target }) => [`${target}_insert`, `${target}_update`]);

/** Distinct values of one key column, numbered in the order first seen (NOCASE columns by their folded text). */
class Values {
  readonly #ids = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.#ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

/** A tally entry: its count, and the spellings of its NOCASE key columns as its first row had them. */
interface Entry {
  n: number;
  checkType: string;
  control: string;
}

/** Pairs of numbers, numbered: a tally key is a few nested pairs, so every count is kept under one small integer. */
class Pairs {
  // By the pair's first number, then its second.
  readonly #ids: Array<Map<number, number>> = [];
  readonly first: number[] = [];
  readonly second: number[] = [];

  id(first: number, second: number): number {
    const seconds = (this.#ids[first] ??= new Map());
    let id = seconds.get(second);
    if (id === undefined) {
      id = this.first.length;
      seconds.set(second, id);
      this.first.push(first);
      this.second.push(second);
    }
    return id;
  }
}

/**
 * The tallies' counts of a bulk batch, counted as its rows land (only the rows the insert really added:
 * a repeated id or a row beyond retention never comes here), written as one upsert statement per tally,
 * the roll-ups without site (incident_kind_tally, incident_control_kind_tally) included. The `GROUP BY`s
 * over the batch's rows this replaces re-read and sorted them (the control ones through a join), and
 * each tally entry they wrote fired its roll-up's trigger: three statements for each of ~150,000
 * entries per 100,000 incidents.
 * Check types and controls compare with NOCASE: they are counted by their ASCII-folded text, so two
 * spellings add into one entry, written in the spelling of the entry's first row, as the per-row
 * triggers write it.
 */
export class BatchTallies {
  readonly #sites = new Values();
  readonly #severities = new Values();
  readonly #levels = new Values();
  readonly #checkTypes = new Values();
  readonly #days = new Values();
  readonly #controls = new Values();
  readonly #pairs = new Pairs();
  readonly #tally = new Map<number, Entry>();
  readonly #dayTally = new Map<number, Entry>();
  readonly #kindTally = new Map<number, Entry>();
  readonly #controlTally = new Map<number, Entry>();
  readonly #controlDayTally = new Map<number, Entry>();
  readonly #controlKindTally = new Map<number, Entry>();

  /** Counts a row the insert added, with the control rows it gets (one per control as NOCASE tells them apart). */
  add(record: IncidentRecord): void {
    const pair = (first: number, second: number) => this.#pairs.id(first, second);
    const { checkType } = record;
    const site = this.#sites.id(record.siteId);
    const day = this.#days.id(utcDay(record.createdAt));
    const levelState = pair(this.#levels.id(record.level), record.resolved ? 1 : 0);
    // ((severity, (level, state)), check type): the key the per-site and per-day tallies share.
    const kind = pair(pair(this.#severities.id(record.severity), levelState), this.#checkTypes.id(foldCase(checkType)));
    const siteKind = pair(site, kind);
    const dayLevelState = pair(day, levelState);
    increment(this.#tally, siteKind, checkType, '');
    increment(this.#dayTally, pair(day, kind), checkType, '');
    increment(this.#kindTally, kind, checkType, '');
    const seen: number[] = [];
    for (const control of record.hipaaControls) {
      const folded = this.#controls.id(foldCase(control));
      if (seen.includes(folded)) continue;
      seen.push(folded);
      increment(this.#controlTally, pair(folded, siteKind), checkType, control);
      increment(this.#controlDayTally, pair(folded, dayLevelState), checkType, control);
      increment(this.#controlKindTally, pair(folded, kind), checkType, control);
    }
  }

  /** Adds the counts into the tallies (inside the caller's transaction, with their insert and roll-up triggers off). */
  write(db: Connection): void {
    const pairs = this.#pairs;
    const [first, second] = [(id: number) => pairs.first[id]!, (id: number) => pairs.second[id]!];
    const levelState = (id: number): Value[] => [this.#levels.values[first(id)]!, second(id)];
    // severity, level, resolved, check_type
    const kind = (id: number, entry: Entry): Value[] => [this.#severities.values[first(first(id))]!, ...levelState(second(first(id))), entry.checkType];
    const day = (id: number) => this.#days.values[id]!;
    const siteKind = (id: number, entry: Entry): Value[] => [this.#sites.values[first(id)]!, ...kind(second(id), entry)];
    upsert(db, 'incident_tally', 'site_id, severity, level, resolved, check_type', this.#tally, siteKind);
    upsert(db, 'incident_day_tally', 'day, severity, level, resolved, check_type', this.#dayTally, (id, entry) => [day(first(id)), ...kind(second(id), entry)]);
    upsert(db, 'incident_kind_tally', 'severity, level, resolved, check_type', this.#kindTally, kind);
    upsert(db, 'incident_control_tally', 'control, site_id, severity, level, resolved, check_type', this.#controlTally, (id, entry) => [entry.control, ...siteKind(second(id), entry)]);
    upsert(db, 'incident_control_day_tally', 'control, day, level, resolved', this.#controlDayTally, (id, entry) => [entry.control, day(first(second(id))), ...levelState(second(second(id)))]);
    upsert(db, 'incident_control_kind_tally', 'control, severity, level, resolved, check_type', this.#controlKindTally, (id, entry) => [entry.control, ...kind(second(id), entry)]);
  }
}

function increment(counts: Map<number, Entry>, key: number, checkType: string, control: string): void {
  const entry = counts.get(key);
  if (entry) entry.n += 1;
  else counts.set(key, { n: 1, checkType, control });
}

/** One statement for a tally's entries, handed over as one JSON array of `[...key, n]`. */
function upsert(db: Connection, table: string, columns: string, counts: Map<number, Entry>, key: (id: number, entry: Entry) => Value[]): void {
  if (counts.size === 0) return;
  const entries: Value[][] = [];
  for (const [id, entry] of counts) entries.push([...key(id, entry), entry.n]);
  const values = entries[0]!.map((_, position) => `value ->> ${position}`).join(', ');
  db.prepare(`INSERT INTO ${table} (${columns}, n) SELECT ${values} FROM json_each(?) WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n`).run(JSON.stringify(entries));
}

/** SQLite's NOCASE: ASCII letters only. */
function foldCase(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : text;
}

/** `substr(created_at, 1, 10)`: SQLite counts characters, not UTF-16 units (a timestamp is ASCII; any other text is cut the same). */
function utcDay(createdAt: string): string {
  return /^[ -~]{10}/.test(createdAt) ? createdAt.slice(0, 10) : [...createdAt].slice(0, 10).join('');
}
