/**
 * Periodic simulated change (fleet drift, incident activity): step n happens at start + n × period of simulator
 * time. A big clock jump replays only the most recent `maxPerCall` steps (bounded work; each step stays a pure
 * function of its index).
 */
export class StepSchedule {
  readonly #startMs: number;
  readonly #periodMs: number;
  readonly #maxPerCall: number;
  #lastStep = 0;

  constructor(startMs: number, periodMs: number, maxPerCall: number) {
    this.#startMs = startMs;
    this.#periodMs = periodMs;
    this.#maxPerCall = maxPerCall;
  }

  /** The step indices that fell due since the last call, oldest first (each is returned once). */
  due(nowMs: number): number[] {
    const current = Math.floor((nowMs - this.#startMs) / this.#periodMs);
    const steps: number[] = [];
    for (let index = Math.max(this.#lastStep + 1, current - this.#maxPerCall + 1); index <= current; index++) steps.push(index);
    this.#lastStep = Math.max(this.#lastStep, current);
    return steps;
  }

  startOf(index: number): number {
    return this.#startMs + index * this.#periodMs;
  }
}
