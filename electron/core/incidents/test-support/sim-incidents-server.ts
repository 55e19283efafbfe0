import { control, passwordOf, startTestSim, type TestSim } from '#sim/src/testing/sim-client.ts';
import { createApiClient, type ApiClient } from '../../api/client.ts';

/** A simulator with incidents, an API client signed in as its admin, and a truth reader that does not use the product's code. */
export interface SimIncidents {
  test: TestSim;
  api: ApiClient;
  token: string;
  /** Every incident as the simulator lists it now (read with its clock frozen, so nothing shifts). */
  truth(): Promise<TruthRow[]>;
  control(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export interface TruthRow {
  id: string;
  resolved: boolean;
  level: string | null;
  severity: string;
  checkType: string;
  createdAt: string;
}

export type SimIncidentsOptions = {
  incidents: number;
  sites?: number;
  seed?: number;
  hostile?: boolean;
  retries?: number;
  /** Whether the simulator's clock opens and heals incidents as it advances (default false: only the test changes them). */
  activity?: boolean;
  /** reported_at to this many seconds, tied incidents ordered afresh by each list request (central-sim's incidentTieSeconds). */
  tieSeconds?: number;
};

export async function startSimIncidents(options: SimIncidentsOptions): Promise<SimIncidents> {
  const test = await startTestSim({ incidents: options.incidents, sites: options.sites ?? 12, seed: options.seed ?? 7, hostile: options.hostile ?? false, incidentActivity: options.activity ?? false, ...(options.tieSeconds === undefined ? {} : { incidentTieSeconds: options.tieSeconds }) });
  const call = (method: string, path: string, body?: unknown) => control(test.sim, method, path, body);
  const api = createApiClient({ origin: test.sim.url, caPem: test.sim.caCertPem, retries: options.retries ?? 0, maxRetryAfterSeconds: 1 });
  const signIn = await api.login('admin', passwordOf(test.sim, 'admin'));
  if (signIn.kind !== 'session') throw new Error('the admin signs in without a second step');
  return {
    test,
    api,
    token: signIn.token,
    control: call,
    async truth() {
      // From the control API: the store's own list, newest first, whatever order the API gives tied incidents
      // and whatever faults it injects.
      const rows: TruthRow[] = [];
      for (let offset = 0; ; ) {
        const answer = await call('GET', `/control/incidents/rows/${offset}`);
        if (answer.status !== 200) throw new Error(`the simulator's control API answered ${answer.status}`);
        const page = answer.json.rows as Array<Record<string, unknown>>;
        for (const row of page) {
          rows.push({
            id: String(row.id).toLowerCase(), resolved: row.resolved === true, level: (row.resolution_level as string | null) ?? null, severity: String(row.severity),
            checkType: String(row.check_type), createdAt: new Date(String(row.created_at)).toISOString(),
          });
        }
        if (page.length === 0) return rows;
        offset += page.length;
      }
    },
    async stop() {
      await api.close();
      await test.stop();
    },
  };
}
