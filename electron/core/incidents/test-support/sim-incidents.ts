import { afterAll, beforeAll } from 'vitest';
import { startSimIncidents, type SimIncidents, type SimIncidentsOptions } from './sim-incidents-server.ts';

/** One simulator for a test file: started in beforeAll, stopped in afterAll; the handle reads the running one. */
export function useSimIncidents(options: SimIncidentsOptions): SimIncidents {
  let started: SimIncidents | null = null;
  beforeAll(async () => {
    started = await startSimIncidents(options);
  }, 60_000);
  afterAll(async () => started?.stop());
  const current = (): SimIncidents => {
    if (!started) throw new Error('the simulator starts in beforeAll');
    return started;
  };
  return {
    get test() {
      return current().test;
    },
    get api() {
      return current().api;
    },
    get token() {
      return current().token;
    },
    truth: () => current().truth(),
    control: (method, path, body) => current().control(method, path, body),
    stop: () => current().stop(),
  };
}

