import { Authenticator } from './auth/login.ts';
import { SessionStore } from './auth/sessions.ts';
import { createUsers, type DemoUser, type UserRecord } from './auth/users.ts';
import { SimClock } from './clock.ts';
import { DEFAULT_CONFIG, type SimConfig } from './config.ts';
import { generateFleet } from './fleet/generate.ts';
import type { Fleet } from './fleet/model.ts';
import { FleetToucher } from './fleet/mutate.ts';
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

  constructor(options: { seed: number; sites: number; now?: () => number }) {
    this.clock = new SimClock(options.now);
    this.config = { ...DEFAULT_CONFIG };
    this.fleet = generateFleet({ seed: options.seed, sites: options.sites, nowMs: this.clock.now() });
    const { demo, records } = createUsers(options.seed);
    this.demoUsers = demo;
    this.users = records;
    const config = () => this.config;
    this.sessions = new SessionStore(records, config);
    this.authenticator = new Authenticator(records, this.sessions, config);
    this.authLimiter = new RateLimiter(() => ({ perMinute: this.config.authRateLimitPerMinute, perHour: 1000, burstPerSecond: 10 }));
    this.generalLimiter = new RateLimiter(() => ({ perMinute: this.config.generalRateLimitPerMinute, perHour: 1000, burstPerSecond: 10 }));
    this.toucher = new FleetToucher(this.fleet);
  }
}
