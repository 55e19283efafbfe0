import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../events.ts';
import { SimState } from '../state.ts';
import { DRIFT_STEP_MS } from './drift.ts';
import { liveStatus } from './live-status.ts';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);

/** Runs the simulator's clock machinery (state.tick) for `steps` drift steps, recording what it publishes. */
function run(seed: number, steps: number) {
  const state = new SimState({ seed, sites: 60, now: () => NOW });
  const events: FleetEvent[] = [];
  state.events.on((event) => events.push(event));
  const statuses: Map<string, string>[] = [];
  const scores: string[] = [];
  for (let i = 0; i < steps; i++) {
    state.clock.advance(DRIFT_STEP_MS / 1000);
    state.tick();
    const now = state.clock.now();
    statuses.push(new Map(state.fleet.sites.flatMap((s) => s.appliances.map((a) => [a.applianceId, liveStatus(a.lastCheckinMs, a.authFailureCount, now)] as const))));
    scores.push(JSON.stringify(state.fleet.sites.map((s) => s.compliance.categories)));
  }
  return { state, events, statuses, scores };
}

describe('fleet drift', () => {
  const DAYS_2 = (2 * 24 * 60) / 10;

  it('is a function of seed and simulator time', () => {
    const a = run(42, DAYS_2);
    const b = run(42, DAYS_2);
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    expect(b.scores).toEqual(a.scores);
    expect(JSON.stringify(run(43, DAYS_2).events)).not.toBe(JSON.stringify(a.events));
  });

  it('takes healthy appliances offline and later brings them back, announcing the return', () => {
    const { events, statuses } = run(42, DAYS_2);
    const returned = events.filter((e) => e.type === 'appliance_checkin' && e.payload.status === 'online').map((e) => e.payload.appliance_id as string);
    expect(returned.length).toBeGreaterThan(0);
    let wentOfflineAndBack = 0;
    for (const id of new Set(returned)) {
      const series = statuses.map((s) => s.get(id));
      const firstOffline = series.indexOf('offline');
      if (series[0] === 'online' && firstOffline > 0 && series.slice(firstOffline).includes('online')) wentOfflineAndBack++;
    }
    expect(wentOfflineAndBack).toBeGreaterThan(0);
    // Each return follows an offline spell: the step before it, the appliance was offline.
    for (const event of events.filter((e) => e.type === 'appliance_checkin')) {
      const step = Math.round((event.atMs - NOW) / DRIFT_STEP_MS) - 1;
      expect(statuses[step - 1]!.get(event.payload.appliance_id as string)).toBe('offline');
    }
  });

  it('moves compliance scores a little (5-20 points per change) and publishes compliance_drift', () => {
    const { events, scores } = run(42, 100);
    const drifts = events.filter((e) => e.type === 'compliance_drift');
    expect(drifts.length).toBeGreaterThan(10);
    for (const drift of drifts) expect(Object.keys(drift.payload)).toEqual(['site_id', 'check_type', 'check_result', 'bundle_id', 'chain_position']);
    let changes = 0;
    for (let i = 1; i < scores.length; i++) {
      const before = (JSON.parse(scores[i - 1]!) as Record<string, number>[]).flatMap(Object.values);
      const after = (JSON.parse(scores[i]!) as Record<string, number>[]).flatMap(Object.values);
      const deltas = after.map((v, k) => Math.abs(v - before[k]!)).filter((d) => d !== 0);
      expect(deltas.length).toBeLessThanOrEqual(1);
      for (const delta of deltas) expect(delta >= 5 && delta <= 20).toBe(true);
      changes += deltas.length;
    }
    expect(changes).toBe(drifts.length);
  });

  it('keeps reviving silenced appliances after a touch revived one of them', () => {
    const state = new SimState({ seed: 42, sites: 60, now: () => NOW });
    const step = () => {
      state.clock.advance(DRIFT_STEP_MS / 1000);
      state.tick();
    };
    const all = state.fleet.sites.flatMap((site) => site.appliances.map((appliance) => ({ site, appliance })));
    const aliveAtStart = new Set(all.filter((entry) => entry.appliance.alive).map((entry) => entry.appliance));
    // Drift's silenced appliances in the order it silenced them (only drift takes appliances down here).
    const silenced: typeof all = [];
    const silencedAtMs = new Map<object, number>();
    const stillSilent = () => silenced.filter((entry) => !entry.appliance.alive);
    for (let i = 0; i < 500 && stillSilent().length < 2; i++) {
      step();
      for (const entry of all) {
        if (aliveAtStart.has(entry.appliance) && !entry.appliance.alive && !silencedAtMs.has(entry.appliance)) {
          silenced.push(entry);
          silencedAtMs.set(entry.appliance, state.clock.now());
        }
      }
    }
    const [first, second] = stillSilent();
    expect(first && second).toBeTruthy();
    // The oldest one drift would bring back next comes back through the control API's touch instead.
    for (let i = 0; i < 200 && !first!.appliance.alive; i++) state.toucher.touch(state.clock.now(), first!.site.siteId);
    expect(first!.appliance.alive).toBe(true);
    expect(first!.appliance.offlineSinceMs).toBeNull();
    for (let i = 0; i < 30 && !second!.appliance.alive; i++) step();
    expect(second!.appliance.alive).toBe(true);
    expect(state.clock.now() - silencedAtMs.get(second!.appliance)!).toBeGreaterThanOrEqual(90 * 60_000);
  });

  it('does nothing while the clock stands still', () => {
    const state = new SimState({ seed: 42, sites: 60, now: () => NOW });
    const events: FleetEvent[] = [];
    state.events.on((event) => events.push(event));
    const before = JSON.stringify(state.fleet);
    state.tick();
    state.clock.advance(DRIFT_STEP_MS / 1000 - 1);
    state.tick();
    expect(events).toEqual([]);
    expect(JSON.stringify(state.fleet.sites.map((s) => s.compliance))).toBe(JSON.stringify((JSON.parse(before) as { sites: { compliance: unknown }[] }).sites.map((s) => s.compliance)));
  });
});
