import type { IncidentRows } from './rows.ts';
import type { IncidentStore } from './store.ts';

/** Rows whose JSON is kept; past it the copies start again (a first sync of a million reads each row about once). */
const KEPT_ROWS = 250_000;

/**
 * The JSON of incident list rows, kept per row until its state changes. A list row is a function of the row
 * and its tier, status and resolution (the store counts their changes), so a page read again, as every
 * sync cycle reads the open incidents' pages, costs a join of strings instead of generating and
 * serializing 200 rows: that was most of the simulator's time in a console's steady state, on the
 * console's own thread when the two share a process (BENCHMARKS). The bytes are those `JSON.stringify`
 * of the rows' array gives, so ETags do not change.
 */
export class IncidentListText {
  readonly #kept = new Map<number, { changes: number; json: string }>();
  readonly #store: IncidentStore;
  readonly #rows: IncidentRows;

  constructor(store: IncidentStore, rows: IncidentRows) {
    this.#store = store;
    this.#rows = rows;
  }

  page(rows: readonly number[]): string {
    return `[${rows.map((row) => this.#row(row)).join(',')}]`;
  }

  #row(row: number): string {
    const changes = this.#store.changesOf(row);
    const kept = this.#kept.get(row);
    if (kept?.changes === changes) return kept.json;
    if (this.#kept.size >= KEPT_ROWS) this.#kept.clear();
    const json = JSON.stringify(this.#rows.listRow(this.#store.record(row)));
    this.#kept.set(row, { changes, json });
    return json;
  }
}
