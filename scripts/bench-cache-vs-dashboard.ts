// The cache-vs-dashboard part of `npm run bench -- incidents`: the same 50-row page from the cache through
// the contract, against fetching it from Central Command (the simulator) the way the web dashboard does.
import { performance } from 'node:perf_hooks';
import type { createApiClient } from '#core/api/client.ts';
import type { CacheClient } from '#core/cache/cache-client.ts';
import { createIncidentHandlers } from '#core/incidents/incident-handlers.ts';
import { IncidentPageSchema } from '#shared/incidents/api.ts';
import { IncidentQuerySchema } from '#shared/incidents/query.ts';
import { createContractClient, type ContractClient } from '#shared/ipc/client.ts';
import type { ChannelHandlers } from '#shared/ipc/contract.ts';
import { createDispatcher } from '#shared/ipc/dispatch.ts';
import { FIRST_WINDOW, type PageWindow } from '#shared/paging/paged-query.ts';

type Api = ReturnType<typeof createApiClient>;

/** What the comparison needs of the simulator: its control API, for the WAN round trip. */
export interface SimulatorControl {
  controlUrl: string;
}

const RUNS = 20;
/** The API's largest page: the dashboard's most favourable way to collect matches. */
const DASHBOARD_PAGE = 200;
const PAGE_ROWS = 50;
/** The round trip added to every simulator answer in the WAN case (a console in a clinic to a hosted Central Command). */
export const WAN_ROUND_TRIP_MS = 40;
/** The 10× of the target: the cache's page must be at least this many times faster. */
const TARGET = 10;

/**
 * The trusted side's path for a renderer call, without Electron: the dispatcher (input and output
 * parsed by the contract's schemas), a structured clone each way as IPC does, and the renderer's
 * contract client (which checks the envelope and parses nothing again).
 */
export function contractClient(cache: CacheClient): ContractClient {
  const { handlers } = createIncidentHandlers({ current: () => ({ session: null as never, cache }), isOnline: () => false, emit: () => undefined, log: () => undefined, durable: () => null });
  const dispatch = createDispatcher(handlers as unknown as ChannelHandlers);
  return createContractClient({ invoke: async (channel, input) => structuredClone(await dispatch(channel, structuredClone(input))), on: () => () => undefined });
}

const percentile = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
const median = (samples: number[]) => percentile(samples, 50);
const p50p95 = (samples: number[]) => `${median(samples).toFixed(2)} / ${percentile(samples, 95).toFixed(2)} ms`;

/** Each path's samples taken in turn (A, B, C, A, B, C, …), after one unmeasured round: the same load for each. */
async function interleaved(runs: number, paths: readonly (() => Promise<unknown>)[]): Promise<number[][]> {
  for (const path of paths) await path();
  const samples = paths.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    for (const [index, path] of paths.entries()) {
      const started = performance.now();
      await path();
      samples[index]!.push(performance.now() - started);
    }
  }
  return samples;
}

interface DashboardRow {
  severity?: unknown;
  resolved?: unknown;
}

/** One dashboard page: GET + JSON.parse (the client reads the body and parses it; its schema here is any array). */
async function dashboardPage(api: Api, token: string, query: Record<string, string | number>): Promise<DashboardRow[]> {
  const response = await api.getJson('/api/dashboard/incidents', IncidentPageSchema, { token, query });
  if (response.status !== 200) throw new Error('the dashboard answered 304 to a request without an ETag');
  return response.data as DashboardRow[];
}

/**
 * The dashboard's way to the technician's `severity:critical is:open` page: the API filters
 * `resolved=false` only (it has no severity filter), so pages are read newest first and filtered in
 * hand until 50 critical ones are found. Returns how many requests that took.
 */
async function dashboardCriticalOpen(api: Api, token: string): Promise<number> {
  let found = 0;
  let requests = 0;
  for (let offset = 0; found < PAGE_ROWS; offset += DASHBOARD_PAGE) {
    const rows = await dashboardPage(api, token, { limit: DASHBOARD_PAGE, offset, resolved: 'false' });
    requests++;
    found += rows.filter((row) => row.severity === 'critical' && row.resolved === false).length;
    if (rows.length < DASHBOARD_PAGE) break;
  }
  if (found < PAGE_ROWS) throw new Error(`the simulator has only ${found} open critical incidents; the comparison needs ${PAGE_ROWS}`);
  return requests;
}

async function control(sim: SimulatorControl, method: 'POST' | 'DELETE', body?: unknown): Promise<void> {
  const response = await fetch(`${sim.controlUrl}/control/faults`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`the simulator's control API refused the fault: ${response.status} ${await response.text()}`);
}

/**
 * The three cases, each with loopback and a stated WAN round trip (the simulator's latency fault on
 * every incidents request): the newest page, a page 5,000 rows down, and the technician's filtered
 * page. Also the filtered page in core alone, so the contract's share shows. Markdown rows.
 */
export async function cacheVsDashboard(api: Api, token: string, cache: CacheClient, sim: SimulatorControl): Promise<string[]> {
  const client = contractClient(cache);
  const now = new Date().toISOString();
  const filtered = 'severity:critical is:open';
  let window: PageWindow = FIRST_WINDOW;
  for (let skipped = 0; skipped < 5_000; skipped += 500) window = (await client.call('incidents:query', { limit: 500, window })).nextWindow ?? window;
  const deep = window;
  const requestsForFiltered = await dashboardCriticalOpen(api, token);

  const cases = [
    { name: 'newest page, unfiltered', cache: () => client.call('incidents:query', { limit: PAGE_ROWS }), dashboard: () => dashboardPage(api, token, { limit: PAGE_ROWS, offset: 0 }), requests: 1 },
    { name: 'offset 5,000, unfiltered', cache: () => client.call('incidents:query', { limit: PAGE_ROWS, window: deep }), dashboard: () => dashboardPage(api, token, { limit: PAGE_ROWS, offset: 5_000 }), requests: 1 },
    {
      name: `\`${filtered}\`, newest first`,
      cache: () => client.call('incidents:query', { search: filtered, limit: PAGE_ROWS }),
      dashboard: () => dashboardCriticalOpen(api, token),
      requests: requestsForFiltered,
    },
  ];
  const lines: string[] = [];
  const coreQuery = IncidentQuerySchema.parse({ search: filtered, limit: PAGE_ROWS });
  const [core, contract] = await interleaved(RUNS, [() => cache.queryIncidents(coreQuery, now), () => client.call('incidents:query', { search: filtered, limit: PAGE_ROWS })]);
  lines.push(`The filtered page in core alone (cache worker client) ${p50p95(core!)}; through the contract ${p50p95(contract!)} (same run, interleaved).`, '');
  lines.push(`| the same 50-row page (p50 / p95 of ${RUNS}, interleaved) | cache through the contract | web dashboard's way, loopback | faster (target ≥ ${TARGET}×) | dashboard with a ${WAN_ROUND_TRIP_MS} ms WAN round trip | faster |`, '|---|---|---|---|---|---|');
  for (const { name, cache: fromCache, dashboard, requests } of cases) {
    const [cached, loopback] = await interleaved(RUNS, [fromCache, dashboard]);
    // The WAN case: every incidents request of the next round answers WAN_ROUND_TRIP_MS late; the cache is timed beside it again.
    await control(sim, 'POST', { path: '/api/dashboard/incidents', kind: 'latency', delayMs: WAN_ROUND_TRIP_MS, count: (RUNS + 1) * requests });
    let besideWan: number[];
    let wan: number[];
    try {
      [besideWan, wan] = (await interleaved(RUNS, [fromCache, dashboard])) as [number[], number[]];
    } finally {
      await control(sim, 'DELETE');
    }
    const verdict = (fromCacheMs: number[], dashboardMs: number[]) => {
      const times = median(dashboardMs) / median(fromCacheMs);
      return `${times.toFixed(1)}× (${times >= TARGET ? 'met' : 'not met'})`;
    };
    const fetches = requests === 1 ? '1 GET' : `${requests} GETs of ${DASHBOARD_PAGE} open incidents, filtered in hand`;
    lines.push(`| ${name} | ${p50p95(cached!)} | ${p50p95(loopback!)} (${fetches}) | ${verdict(cached!, loopback!)} | ${p50p95(wan)} | ${verdict(besideWan, wan)} |`);
  }
  return lines;
}
