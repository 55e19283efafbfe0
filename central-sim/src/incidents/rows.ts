import type { Appliance } from '../fleet/model.ts';
import { HOSTILE_CHECK_TYPES, hostileString, longHostileName } from '../hostile.ts';
import { familyKey, indexedRng, type Rng } from '../random.ts';
import { pydanticIso, pythonIsoformat } from '../timestamps.ts';
import { CHECK_KINDS, UNKNOWN_CHECK_TYPE, type CheckKind, type Severity } from './catalog.ts';
import { STATUS, TIER, TIERS, type IncidentRecord } from './store.ts';

const MINUTE_MS = 60_000;
const STEP_COUNTS: readonly (readonly [number, number])[] = [[1, 40], [2, 25], [3, 18], [4, 10], [5, 7]];
const KIND_WEIGHTS = CHECK_KINDS.map((kind) => [kind, kind.weight] as const);
/** The megabyte-of-drift-data incident in hostile mode. */
const MEGABYTE = 1024 * 1024;

interface Body {
  kind: CheckKind;
  checkType: string;
  severity: Severity;
  hipaaControls: string[];
  appliance: Appliance;
  stepCount: number;
  hostile: boolean;
}

/**
 * The API shapes of an incident: Incident (list rows) and IncidentDetail. The immutable parts (check type,
 * severity, controls, appliance, drift data) come from a per-row stream; tier, status and times from the
 * store, so a row changed by the clock renders its new state and its remediation timeline agrees with it.
 */
export class IncidentRows {
  readonly #bodyKey: number;
  readonly #stepsKey: number;
  readonly #driftKey: number;
  readonly #hostile: boolean;
  /** In hostile mode, the row whose drift data is a megabyte. */
  readonly megabyteRow: number | null;

  /**
   * reported_at to this grain (ms; 0 = exact): a grain of seconds or an hour gives the ties a real fleet has (one
   * check-in reporting several incidents at once), which `ORDER BY reported_at DESC` leaves in no set order.
   */
  readonly reportedGrainMs: number;

  constructor(options: { seed: number; hostile: boolean; baseCount: number; reportedGrainMs?: number }) {
    this.reportedGrainMs = options.reportedGrainMs ?? 0;
    this.#bodyKey = familyKey(options.seed, 'incident-body');
    this.#stepsKey = familyKey(options.seed, 'incident-steps');
    this.#driftKey = familyKey(options.seed, 'incident-drift');
    this.#hostile = options.hostile;
    this.megabyteRow = options.hostile && options.baseCount > 0 ? options.baseCount - 1 : null;
  }

  /** Incident (the list shape): hostname is always "", as the list query never joins the appliance. */
  listRow(record: IncidentRecord): Record<string, unknown> {
    return this.#summary(record, this.#body(record), '');
  }

  /** IncidentDetail: the summary with the hostname filled in, the drift data, four hard-coded nulls and the timeline. */
  detail(record: IncidentRecord, nowMs: number): Record<string, unknown> {
    const body = this.#body(record);
    return {
      ...this.#summary(record, body, body.appliance.hostname),
      appliance_id: body.appliance.applianceId,
      drift_data: this.#driftData(record, body),
      evidence_bundle_id: null,
      evidence_hash: null,
      runbook_executed: null,
      execution_log: null,
      remediation_history: this.#history(record, body, nowMs),
    };
  }

  /** The hostname the detail (and a suppression) names: the appliance's. */
  hostname(record: IncidentRecord): string {
    return this.#body(record).appliance.hostname;
  }

  checkType(record: IncidentRecord): string {
    return this.#body(record).checkType;
  }

  #summary(record: IncidentRecord, body: Body, hostname: string): Record<string, unknown> {
    const tier = TIERS[record.tier] ?? null;
    return {
      id: record.id,
      site_id: record.site.siteId,
      hostname,
      check_type: body.checkType,
      severity: body.severity,
      resolution_level: tier === 'L1' || tier === 'L2' || tier === 'L3' ? tier : null,
      resolved: record.status === STATUS.resolved,
      resolved_at: record.resolvedAtMs === null ? null : pydanticIso(record.resolvedAtMs),
      hipaa_controls: body.hipaaControls,
      remediation_attempts: body.stepCount,
      remediation_exhausted: record.tier === TIER.L3 || (record.status !== STATUS.resolved && body.stepCount >= 3),
      created_at: pydanticIso(this.reportedAtMs(record)),
    };
  }

  /** The incident's reported_at (created_at in the API), to the grain. */
  reportedAtMs(record: IncidentRecord): number {
    return this.reportedGrainMs > 0 ? record.createdAtMs - (record.createdAtMs % this.reportedGrainMs) : record.createdAtMs;
  }

  #body(record: IncidentRecord): Body {
    const rng = indexedRng(this.#bodyKey, record.row);
    const kind = rng.weighted(KIND_WEIGHTS);
    const checkRoll = rng.next();
    const hostileRoll = rng.next();
    const severity = rng.weighted(kind.severities);
    const hipaaControls = rng.chance(0.04) ? [] : [...kind.hipaaControls];
    const appliances = record.site.appliances;
    const appliance = appliances[rng.int(0, appliances.length - 1)]!;
    const stepCount = rng.weighted(STEP_COUNTS);
    const hostile = this.#hostile && (hostileRoll < 0.12 || record.row === this.megabyteRow);
    // No check_type and no incident_type: the API says "unknown". In hostile mode, types nobody has heard of.
    let checkType = checkRoll < 0.005 ? UNKNOWN_CHECK_TYPE : kind.checkType;
    if (this.#hostile && checkRoll >= 0.005 && checkRoll < 0.04) checkType = rng.pick(HOSTILE_CHECK_TYPES);
    return { kind, checkType, severity, hipaaControls, appliance, stepCount, hostile };
  }

  #driftData(record: IncidentRecord, body: Body): Record<string, unknown> {
    const rng = indexedRng(this.#driftKey, record.row);
    const data = body.kind.driftData(rng, body.appliance.hostname, pythonIsoformat(record.createdAtMs));
    if (!body.hostile) return data;
    const hostile = hostileDriftData(rng);
    if (record.row === this.megabyteRow) hostile.raw_output = megabyteOfOutput(rng);
    return { ...data, ...hostile };
  }

  /** incident_remediation_steps ordered by step_idx: L1 attempts, then L2, then an L3 hand-off, ending as the incident did. */
  #history(record: IncidentRecord, body: Body, nowMs: number): Record<string, unknown>[] {
    const rng = indexedRng(this.#stepsKey, record.row);
    const n = body.stepCount;
    const resolved = record.status === STATUS.resolved;
    const tiers = stepTiers(rng, record.tier, n);
    // Steps lie between the report and the resolution (or now, for an incident still being worked on).
    const end = record.resolvedAtMs ?? Math.min(nowMs, record.createdAtMs + n * rng.int(2, 20) * MINUTE_MS);
    const span = Math.max(0, end - record.createdAtMs);
    return tiers.map((tier, i) => {
      const last = i === n - 1;
      let result = 'failed';
      if (last && tier === 'L3') result = 'escalated';
      else if (last && resolved && (record.tier === TIER.L1 || record.tier === TIER.L2)) result = 'success';
      else if (last && !resolved) result = 'pending';
      const hostileNulls = body.hostile && rng.chance(0.3);
      return {
        tier,
        runbook_id: hostileNulls || tier === 'L3' ? null : tier === 'L1' ? body.kind.l1Runbook : body.kind.l2Runbook,
        result: hostileNulls && !last ? null : result,
        confidence: hostileNulls || tier === 'L3' ? null : Math.round((tier === 'L1' ? 0.9 + rng.next() * 0.1 : 0.55 + rng.next() * 0.42) * 100) / 100,
        timestamp: pythonIsoformat(record.createdAtMs + Math.floor((span * (i + 1)) / n)),
      };
    });
  }
}

/** Tiers of the n steps, consistent with where the incident ended up. */
function stepTiers(rng: Rng, tier: number, n: number): ('L1' | 'L2' | 'L3')[] {
  if (tier === TIER.L1) return Array.from({ length: n }, () => 'L1');
  if (tier === TIER.L2) {
    const l1 = n === 1 ? 0 : rng.int(1, Math.min(2, n - 1));
    return Array.from({ length: n }, (_, i) => (i < l1 ? 'L1' : 'L2'));
  }
  if (tier === TIER.L3) {
    const l1 = n <= 1 ? 0 : rng.int(1, Math.max(1, n - 2));
    return Array.from({ length: n }, (_, i) => (i === n - 1 ? 'L3' : i < l1 ? 'L1' : 'L2'));
  }
  return Array.from({ length: n }, (_, i) => (i < Math.ceil(n / 2) ? 'L1' : 'L2'));
}

function hostileDriftData(rng: Rng): Record<string, unknown> {
  return {
    description: `${hostileString(rng)} ${hostileString(rng)}`,
    operator_note: rng.chance(0.5) ? null : hostileString(rng),
    nested: { level1: { level2: { level3: { html: hostileString(rng), list: [hostileString(rng), null, 42, true, { key: hostileString(rng) }] } } } },
    [hostileString(rng)]: 'a key that is itself hostile',
    long_name: longHostileName(rng, 300),
  };
}

function megabyteOfOutput(rng: Rng): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < MEGABYTE; i++) {
    const line = `${String(i).padStart(6, '0')} ${hostileString(rng)} ${rng.hex(32)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}
