import { describe, expect, it } from 'vitest';
import { HOSTILE_CHECK_TYPES, HOSTILE_STRINGS } from '#sim/src/hostile.ts';
import { IncidentQuerySchema } from '#shared/incidents/index.ts';
import { useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { syncIncidents } from './incident-sync.ts';
import { byId, cachedItems, cachedRows } from './test-support/cached-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// The sync against the simulator's hostile mode (markup, injections, bidirectional overrides, combining marks,
// emoji in check types, clinic names and drift data; one incident with a megabyte of drift data), over real HTTPS
// into a real SQLCipher cache: every row lands as the server sent it, and every hostile string searches without error.
const sim = useSimIncidents({ incidents: 800, sites: 10, hostile: true, seed: 11 });
const folder = useCacheFolder();

describe('incident sync against hostile content', () => {
  it('holds exactly the hostile simulator\'s incidents, stores the megabyte of drift truncated and marked, and searches every hostile string', async () => {
    const cache = await folder.open();
    const first = await syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 1000, reconcilePages: 0 });
    expect(first.rejected).toEqual([]);
    const truth = byId(await sim.truth());
    expect(truth.some((row) => HOSTILE_CHECK_TYPES.includes(row.checkType))).toBe(true);
    expect(byId(await cachedRows(cache))).toEqual(truth);

    const details = await Promise.all(truth.map((row) => cache.incidentDetail(row.id)));
    const truncated = details.filter((detail) => detail?.driftTruncated);
    expect(truncated.length).toBeGreaterThanOrEqual(1);
    for (const detail of truncated) expect(detail!.driftBytes).toBeGreaterThan(256 * 1024);

    const now = new Date().toISOString();
    for (const text of [...HOSTILE_STRINGS, ...HOSTILE_CHECK_TYPES]) {
      const query = IncidentQuerySchema.parse({ search: text, limit: 50 });
      const page = await cache.queryIncidents(query, now);
      await cache.incidentFacets(query, now);
      const withType = truth.filter((row) => row.checkType === text);
      // Searched as words (markup and punctuation are not words), every incident of that check type is among the matches.
      if (withType.length > 0) expect(page.total.count).toBeGreaterThanOrEqual(withType.length);
    }

    // A second cycle over the same hostile pages rewrites nothing.
    const second = await syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 0 });
    expect(second).toMatchObject({ inserted: 0, updated: 0, removed: 0, rejected: [] });
    expect((await cachedItems(cache)).length).toBe(truth.length);
  }, 120_000);
});
