// `npm run bench -- soak`: a long run of the incident sync against a live simulator with faults, then the
// simulator's state compared with the cache. The simulator's clock advances between and during syncs (it opens
// and heals incidents by itself, shifting every page), the script resolves, escalates and suppresses incidents
// as a technician would, and a share of the syncs meet a 5xx, a 429, a dropped connection or a malformed answer
// on a list or detail request. At the end the faults stop, the clock freezes, a cycle per site runs, and every
// cached incident must equal the simulator's, and every tally the counts, facets and chart read must equal its
// recount from the cached rows. Exit status 1 on any difference.
// CC_SOAK_SECONDS (default 180), CC_SOAK_INCIDENTS (default 20,000), CC_SOAK_SEED (default: the time),
// CC_SOAK_TIE_SECONDS (default 0: reported_at exact; else to that grain, ties ordered afresh per request).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openCache } from '#core/cache/cache-client.ts';
import { isConsoleError } from '#shared/errors.ts';
import { generateCacheKeyHex } from '#core/vault/accounts.ts';
import { syncIncidents } from '#core/incidents/incident-sync.ts';
import { startSimIncidents, type TruthRow } from '#core/incidents/test-support/sim-incidents-server.ts';
import { byId, cachedRows } from '#core/incidents/test-support/cached-incidents.ts';
import { tallyDrift } from '#core/incidents/test-support/tally-check.ts';
import { connect } from '#core/cache/open-database.ts';
import { passwordOf } from '#sim/src/testing/sim-client.ts';
import { mulberry32 } from '#sim/src/random.ts';

const SECONDS = Number(process.env.CC_SOAK_SECONDS ?? 180);
const INCIDENTS = Number(process.env.CC_SOAK_INCIDENTS ?? 20_000);
const SEED = Number(process.env.CC_SOAK_SEED ?? Date.now() % 1_000_000);
const TIE_SECONDS = Number(process.env.CC_SOAK_TIE_SECONDS ?? 0);
const SITES = 40;

const next = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const FAULTS = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503, retryAfter: 0 },
  { kind: 'status', status: 429, retryAfter: 0 },
  { kind: 'drop' },
  { kind: 'malformed', malformed: 'truncated' },
  { kind: 'malformed', malformed: 'bad-row' },
] as const;
const FAULT_PATHS = ['/api/dashboard/incidents', '/api/dashboard/incidents/*'] as const;

console.error(`soak: ${INCIDENTS.toLocaleString('en-US')} incidents, ${SITES} sites, ${SECONDS} s, seed ${SEED}${TIE_SECONDS > 0 ? `, reported_at to ${TIE_SECONDS} s` : ''} (replay: CC_SOAK_SEED=${SEED})`);
const work = await mkdtemp(path.join(os.tmpdir(), 'cc-soak-incidents-'));
const sim = await startSimIncidents({ incidents: INCIDENTS, sites: SITES, seed: SEED, activity: true, ...(TIE_SECONDS > 0 ? { tieSeconds: TIE_SECONDS } : {}) });
const cacheFile = path.join(work, 'cache.sqlite');
const cacheKey = generateCacheKeyHex();
const cache = await openCache({ file: cacheFile, keyHex: cacheKey });
const tally = { cycles: 0, failed: new Map<string, number>(), faults: 0, rejected: 0, technician: 0, advancedMinutes: 0, signIns: 0 };
let token = sim.token;
const sync = () => syncIncidents({ api: sim.api, token, cache });
/** Simulator time passes hours per cycle, so sessions expire: the technician signs in again, as in the console. */
const signIn = async () => {
  const login = await sim.api.login('admin', passwordOf(sim.test.sim, 'admin'));
  if (login.kind !== 'session') throw new Error('the admin signs in without a second step');
  token = login.token;
  tally.signIns += 1;
};
const advance = async () => {
  // Under the simulator's 15-minute idle limit, so a session usually lives on (its 24 h limit still ends it).
  const seconds = 30 + Math.floor(next() * 810);
  tally.advancedMinutes += seconds / 60;
  await sim.control('POST', '/control/clock/advance', { seconds });
};
let exitCode = 0;
try {
  await sync();
  const initialIds = new Set((await sim.truth()).map((row) => row.id));
  const rejectedIds = new Set<string>();
  const ends = Date.now() + SECONDS * 1000;
  while (Date.now() < ends) {
    await advance();
    const open = await cache.openIncidentIds();
    for (let n = Math.floor(next() * 3); n > 0 && open.length > 0; n--) {
      tally.technician += 1;
      await sim.control('POST', `/control/incidents/${pick(open)}/${pick(['resolve', 'escalate', 'suppress', 'auto-heal'])}`);
    }
    if (next() < 0.4) {
      tally.faults += 1;
      const passing = Math.floor(next() * 8);
      const target = pick(FAULT_PATHS);
      if (passing > 0) await sim.control('POST', '/control/faults', { path: target, kind: 'latency', delayMs: 0, count: passing });
      await sim.control('POST', '/control/faults', { path: target, ...pick(FAULTS) });
    }
    const running = sync();
    if (next() < 0.5) await advance(); // while the sync reads pages: the list shifts under it
    try {
      for (const row of (await running).rejected) {
        tally.rejected += 1;
        if (row.id) rejectedIds.add(row.id.toLowerCase());
      }
    } catch (error) {
      if (!isConsoleError(error)) throw error;
      tally.failed.set(error.code, (tally.failed.get(error.code) ?? 0) + 1);
      if (error.code === 'session-expired') await signIn();
    }
    tally.cycles += 1;
    await sim.control('DELETE', '/control/faults');
  }

  await sim.control('POST', '/control/incidents/freeze', { frozen: true });
  await signIn();
  // One quiet cycle: what the design promises within a cycle must hold — every open incident cached as the
  // server has it, no cached incident still open that the server resolved, every incident the soak saw appear
  // cached (a row a malformed page rejected waits for its site's reconciliation).
  await sync();
  const afterOne = compare(byId(await sim.truth()), byId(await cachedRows(cache)));
  const withinOneCycle = (row: { id: string; resolved: boolean }) => !rejectedIds.has(row.id) && (!row.resolved || !initialIds.has(row.id));
  const lateAfterOne = [...afterOne.missing, ...afterOne.extra, ...afterOne.differing].filter(withinOneCycle);
  // Then a cycle per site: the slow reconciliation has read every site's resolved incidents, and all must be exact.
  const sites = (await cache.incidentSites()).length;
  for (let cycle = 0; cycle < sites + 2; cycle++) await sync();
  const truth = byId(await sim.truth());
  const cached = byId(await cachedRows(cache));
  const { missing, extra, differing, truthById } = compare(truth, cached);
  // Read beside the open cache, in one snapshot.
  const raw = connect(cacheFile, cacheKey, { readonly: true });
  const drift = raw.transaction(() => tallyDrift(raw))();
  raw.close();
  const failed = [...tally.failed].map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
  console.log(`| soak, seed ${SEED} | ${tally.cycles} cycles in ${SECONDS} s, simulator clock +${(tally.advancedMinutes / 60).toFixed(1)} h | ${tally.faults} faults injected; cycles failed: ${failed}; rows rejected: ${tally.rejected} | ${tally.technician} technician actions, ${tally.signIns} sign-ins | at the end: ${truth.length.toLocaleString('en-US')} incidents on the server, ${cached.length.toLocaleString('en-US')} cached; missing ${missing.length}, extra ${extra.length}, differing ${differing.length}; after one quiet cycle, wrong among open or new incidents: ${lateAfterOne.length}; tallies off their recount: ${drift.length} |`);
  for (const line of drift) console.error('tally off', line);
  for (const row of lateAfterOne.slice(0, 5)) console.error('not right after one quiet cycle', JSON.stringify(row));
  if (missing.length + extra.length + differing.length + lateAfterOne.length + drift.length > 0) {
    exitCode = 1;
    for (const row of missing.slice(0, 5)) console.error('missing', JSON.stringify(row));
    for (const row of extra.slice(0, 5)) console.error('extra', JSON.stringify(row));
    for (const row of differing.slice(0, 5)) console.error('differs', JSON.stringify(row), 'server:', JSON.stringify(truthById.get(row.id)));
  }
} finally {
  await cache.close();
  await sim.stop();
  await rm(work, { recursive: true, force: true });
}
process.exit(exitCode);

function compare(truth: TruthRow[], cached: TruthRow[]) {
  const truthById = new Map(truth.map((row) => [row.id, row]));
  const cachedById = new Map(cached.map((row) => [row.id, row]));
  return {
    truthById,
    missing: truth.filter((row) => !cachedById.has(row.id)),
    extra: cached.filter((row) => !truthById.has(row.id)),
    differing: cached.filter((row) => truthById.has(row.id) && JSON.stringify(row) !== JSON.stringify(truthById.get(row.id))),
  };
}
