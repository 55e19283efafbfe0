import type { FleetEvent } from '../events.ts';
import { createRng } from '../random.ts';
import { StepSchedule } from '../step-schedule.ts';
import { checkinPayload, type EvidenceChain } from './event-payloads.ts';
import { COMPLIANCE_CATEGORIES, type Appliance, type Fleet, type Site } from './model.ts';

/** One drift step per 10 minutes of simulator time since the fleet was generated. */
export const DRIFT_STEP_MS = 10 * 60_000;
/** A dropped appliance stays silent at least this long, so it is seen offline (≥1 h) before it returns. */
const MIN_SILENCE_MS = 90 * 60_000;
const MAX_STEPS_PER_CALL = 200;

/**
 * The fleet changing on its own: each step (a pure function of seed and step index) may make one healthy
 * appliance stop checking in, bring back one it stopped earlier after it has been offline a while, and nudge
 * one compliance category at one site. Returns the WebSocket events the changes produce.
 */
export class FleetDrift {
  readonly #fleet: Fleet;
  readonly #chain: EvidenceChain;
  readonly #schedule: StepSchedule;
  /** Appliances this drift silenced, oldest first (control-forced ones are not ours to revive). */
  readonly #silenced: { site: Site; appliance: Appliance }[] = [];

  constructor(fleet: Fleet, chain: EvidenceChain) {
    this.#fleet = fleet;
    this.#chain = chain;
    this.#schedule = new StepSchedule(fleet.generatedAtMs, DRIFT_STEP_MS, MAX_STEPS_PER_CALL);
  }

  step(nowMs: number): FleetEvent[] {
    return this.#schedule.due(nowMs).flatMap((index) => this.#apply(index, this.#schedule.startOf(index), nowMs));
  }

  /** The control API took this appliance over: drift no longer brings it back. */
  forget(appliance: Appliance): void {
    const at = this.#silenced.findIndex((entry) => entry.appliance === appliance);
    if (at >= 0) this.#silenced.splice(at, 1);
  }

  #apply(index: number, stepMs: number, nowMs: number): FleetEvent[] {
    const rng = createRng(this.#fleet.seed, `drift:${index}`);
    const events: FleetEvent[] = [];
    // Something else (a control-API touch) may have revived an appliance we silenced: it is no longer ours to bring back.
    while (this.#silenced[0]?.appliance.alive) this.#silenced.shift();
    const returning = this.#silenced[0];
    if (returning && returning.appliance.lastCheckinMs !== null && stepMs - returning.appliance.lastCheckinMs >= MIN_SILENCE_MS && rng.chance(0.5)) {
      this.#silenced.shift();
      const { site, appliance } = returning;
      appliance.alive = true;
      appliance.heartbeatAgeMs = 0;
      appliance.lastCheckinMs = nowMs;
      appliance.offlineSinceMs = null;
      events.push({ type: 'appliance_checkin', payload: checkinPayload(site, appliance, nowMs), atMs: nowMs });
    }
    if (rng.chance(0.3)) {
      const healthy = this.#fleet.sites.flatMap((site) => site.appliances.filter((a) => a.alive && a.authFailureCount === 0).map((appliance) => ({ site, appliance })));
      if (healthy.length > 0) {
        const chosen = rng.pick(healthy);
        // It simply stops checking in: stale after 15 min, offline after an hour, as the live-status rules say.
        chosen.appliance.alive = false;
        chosen.appliance.heartbeatAgeMs = null;
        chosen.appliance.offlineSinceMs = (chosen.appliance.lastCheckinMs ?? stepMs) + 3_600_000;
        this.#silenced.push(chosen);
      }
    }
    if (rng.chance(0.5)) {
      const withData = this.#fleet.sites.filter((site) => site.compliance.hasData);
      if (withData.length > 0) {
        const site = rng.pick(withData);
        const category = rng.pick(COMPLIANCE_CATEGORIES);
        const before = site.compliance.categories[category];
        // A little: ±5..20 points, kept within 0..100 and never a no-op.
        const delta = rng.int(5, 20) * (before >= 100 || (before > 0 && rng.chance(0.5)) ? -1 : 1);
        site.compliance.categories[category] = Math.max(0, Math.min(100, before + delta));
        events.push({ type: 'compliance_drift', payload: this.#chain.driftPayload(site, category, delta > 0, nowMs), atMs: nowMs });
      }
    }
    return events;
  }
}
