import { Authenticator } from './auth/login.ts';
import { assignOrgScopes } from './auth/org-scope.ts';
import { SessionStore } from './auth/sessions.ts';
import { createRng, type Rng } from './random.ts';
import { createUsers, type DemoUser, type UserRecord } from './auth/users.ts';
import { SimClock } from './clock.ts';
import { DEFAULT_CONFIG, type SimConfig } from './config.ts';
import { generateFleet } from './fleet/generate.ts';
import type { Fleet } from './fleet/model.ts';
import { EvidenceChain } from './fleet/event-payloads.ts';
import { FleetDrift } from './fleet/drift.ts';
import { FleetToucher, refreshHeartbeats } from './fleet/mutate.ts';
import { FleetEvents } from './events.ts';
import { makeFleetHostile } from './fleet/hostile-fleet.ts';
import { IncidentActivity } from './incidents/activity.ts';
import { IncidentListText } from './incidents/list-text.ts';
import { IncidentRows } from './incidents/rows.ts';
import { IncidentStore } from './incidents/store.ts';
import { CsrfTokens } from './http/csrf.ts';
import { FaultRegistry } from './http/faults.ts';
import { RateLimiter } from './http/rate-limit.ts';

/** Everything the simulated server knows; one instance per running simulator. */
export class SimState {
  readonly clock: SimClock;
  readonly config: SimConfig;
  readonly fleet: Fleet;
  readonly demoUsers: DemoUser[];
  readonly users: UserRecord[];
  readonly sessions: SessionStore;
  readonly authenticator: Authenticator;
  readonly csrf = new CsrfTokens();
  readonly authLimiter: RateLimiter;
  readonly generalLimiter: RateLimiter;
  readonly faults = new FaultRegistry();
  readonly toucher: FleetToucher;
  readonly events = new FleetEvents();
  readonly evidence: EvidenceChain;
  readonly drift: FleetDrift;
  readonly incidents: IncidentStore;
  readonly incidentRows: IncidentRows;
  readonly incidentListText: IncidentListText;
  readonly incidentActivity: IncidentActivity;
  readonly hostile: boolean;

  /** `incidents` defaults to 10 per site; incident activity is off unless asked for (startSimulator asks). */
  /**
   * With reported_at to a grain (`incidentTieSeconds`): the order each list request gives tied incidents, drawn
   * afresh per request — Postgres returns rows an ORDER BY does not order in whatever order its plan for that
   * LIMIT and OFFSET makes. Null when reported_at is exact.
   */
  readonly incidentTieOrder: Rng | null;

  constructor(options: {
    seed: number;
    sites: number;
    incidents?: number;
    incidentOpenShare?: number;
    incidentTieSeconds?: number;
    hostile?: boolean;
    incidentActivity?: boolean;
    now?: () => number;
  }) {
    this.clock = new SimClock(options.now);
    this.config = { ...DEFAULT_CONFIG };
    this.fleet = generateFleet({ seed: options.seed, sites: options.sites, nowMs: this.clock.now() });
    this.hostile = options.hostile ?? false;
    if (this.hostile) makeFleetHostile(this.fleet);
    const { demo, records } = createUsers(options.seed);
    assignOrgScopes(this.fleet, demo, records);
    this.demoUsers = demo;
    this.users = records;
    const config = () => this.config;
    this.sessions = new SessionStore(records, config);
    this.authenticator = new Authenticator(records, this.sessions, config);
    this.authLimiter = new RateLimiter(() => ({ perMinute: this.config.authRateLimitPerMinute, perHour: 1000, burstPerSecond: 10 }));
    this.generalLimiter = new RateLimiter(() => ({ perMinute: this.config.generalRateLimitPerMinute, perHour: 1000, burstPerSecond: 10 }));
    this.toucher = new FleetToucher(this.fleet);
    this.evidence = new EvidenceChain(this.fleet);
    this.drift = new FleetDrift(this.fleet, this.evidence);
    this.incidents = new IncidentStore({ fleet: this.fleet, count: options.incidents ?? options.sites * 10, ...(options.incidentOpenShare === undefined ? {} : { openShare: options.incidentOpenShare }) });
    const tieSeconds = options.incidentTieSeconds ?? 0;
    this.incidentRows = new IncidentRows({ seed: options.seed, hostile: this.hostile, baseCount: this.incidents.baseCount, reportedGrainMs: tieSeconds * 1000 });
    this.incidentListText = new IncidentListText(this.incidents, this.incidentRows);
    this.incidentTieOrder = tieSeconds > 0 ? createRng(options.seed, 'incident-tie-order') : null;
    this.incidentActivity = new IncidentActivity(this.incidents, this.incidentRows, { seed: options.seed, generatedAtMs: this.fleet.generatedAtMs, frozen: options.incidentActivity !== true });
  }

  /** Brings the fleet up to simulator time: alive appliances check in, drift and incident steps run, their events go out. */
  tick(): number {
    const now = this.clock.now();
    const refreshed = refreshHeartbeats(this.fleet, now);
    for (const event of this.drift.step(now)) this.events.emit(event);
    for (const event of this.incidentActivity.step(now)) this.events.emit(event);
    return refreshed;
  }
}
