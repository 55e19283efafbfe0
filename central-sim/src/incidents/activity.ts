import type { FleetEvent } from '../events.ts';
import { createRng, type Rng } from '../random.ts';
import { StepSchedule } from '../step-schedule.ts';
import { applyIncidentChange, type IncidentChange } from './changes.ts';
import type { IncidentRows } from './rows.ts';
import { STATUS, type IncidentStore } from './store.ts';

/** One incident step per minute of simulator time since the fleet was generated. */
export const INCIDENT_STEP_MS = 60_000;
const MAX_STEPS_PER_CALL = 200;
/** Suppressions pick among the newest incidents: technicians silence what they are looking at. */
const SUPPRESS_WINDOW = 500;

/**
 * Incidents changing on their own while simulator time passes: each step (a pure function of seed, step index
 * and the rows' state) may report a few new incidents — at the head of the newest-first list, so every later
 * offset shifts — and auto-heal, resolve, escalate or suppress unresolved ones. Frozen, steps pass unapplied.
 */
export class IncidentActivity {
  readonly #store: IncidentStore;
  readonly #rows: IncidentRows;
  readonly #seed: number;
  readonly #schedule: StepSchedule;
  frozen: boolean;

  constructor(store: IncidentStore, rows: IncidentRows, options: { seed: number; generatedAtMs: number; frozen: boolean }) {
    this.#store = store;
    this.#rows = rows;
    this.#seed = options.seed;
    this.#schedule = new StepSchedule(options.generatedAtMs, INCIDENT_STEP_MS, MAX_STEPS_PER_CALL);
    this.frozen = options.frozen;
  }

  /** The steps due by now; while frozen they pass without effect (unfreezing does not replay them). */
  step(nowMs: number): FleetEvent[] {
    const due = this.#schedule.due(nowMs);
    if (this.frozen) return [];
    return due.flatMap((index) => this.#apply(createRng(this.#seed, `incident-activity:${index}`), nowMs));
  }

  #apply(rng: Rng, nowMs: number): FleetEvent[] {
    const events: FleetEvent[] = [];
    const opened = rng.weighted([[0, 45], [1, 30], [2, 17], [3, 8]] as const);
    for (let i = 0; i < opened; i++) this.#store.open(nowMs);
    const changes: [IncidentChange, number][] = [['auto-heal', 0.6], ['resolve', 0.15], ['escalate', 0.08], ['suppress', 0.08]];
    for (const [change, probability] of changes) {
      if (!rng.chance(probability)) continue;
      const row = this.#pick(rng, change);
      if (row === null) continue;
      const result = applyIncidentChange(this.#store, this.#rows, row, change, nowMs);
      if ('event' in result && result.event) events.push(result.event);
    }
    return events;
  }

  #pick(rng: Rng, change: IncidentChange): number | null {
    if (change === 'suppress') {
      const count = this.#store.count;
      return count === 0 ? null : count - 1 - rng.int(0, Math.min(SUPPRESS_WINDOW, count) - 1);
    }
    const unresolved = this.#store.unresolved;
    // A few tries for one in the right state (an escalated incident is not auto-healed or escalated again).
    for (let attempt = 0; attempt < 8 && unresolved.size > 0; attempt++) {
      const row = unresolved.at(rng.int(0, unresolved.size - 1));
      if (change === 'resolve' || this.#store.statusOf(row) !== STATUS.escalated) return row;
    }
    return null;
  }
}
