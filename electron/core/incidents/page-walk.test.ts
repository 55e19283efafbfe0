import { describe, expect, it } from 'vitest';
import type { IncidentRow } from '#shared/incidents/index.ts';
import { INCIDENT_PAGE_SIZE, walkIncidentPages } from './page-walk.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// walkIncidentPages against central-sim over real HTTPS, the writer stood in for by a slow callback
// (the batches' sizes are what is tested, not a cache).
const sim = useSimIncidents({ incidents: 1500, sites: 6 });

async function batchSizes(options: { batchRows: number; earlyBatchRows?: number }): Promise<{ sizes: number[]; ids: string[] }> {
  const sizes: number[] = [];
  const rows: IncidentRow[] = [];
  await walkIncidentPages({
    api: sim.api, token: sim.token, query: {}, validators: async () => ({}), concurrency: 2, ...options,
    onBatch: async (batch) => {
      sizes.push(batch.rows.length);
      rows.push(...batch.rows);
      await new Promise((resolve) => setTimeout(resolve, 40));
    },
  });
  return { sizes, ids: rows.map((row) => row.id) };
}

describe('a walk handing its rows to a writer', () => {
  it('hands a batch over early while the writer is idle (never a smaller one but the last, never past a full one), and every row once', async () => {
    const truth = (await sim.truth()).map((row) => row.id).sort();
    const early = await batchSizes({ batchRows: 1_000, earlyBatchRows: 300 });
    // The first batch goes as soon as it holds 300 rows (the writer has nothing to do yet), not at 1,000.
    expect(early.sizes[0]).toBeGreaterThanOrEqual(300);
    expect(early.sizes[0]).toBeLessThan(300 + INCIDENT_PAGE_SIZE);
    for (const size of early.sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(300);
      expect(size).toBeLessThan(1_000 + INCIDENT_PAGE_SIZE);
    }
    expect([...early.ids].sort()).toEqual(truth);

    // Without it, every batch but the last is a full one.
    const full = await batchSizes({ batchRows: 1_000, earlyBatchRows: 1_000 });
    expect(full.sizes[0]).toBeGreaterThanOrEqual(1_000);
    expect([...full.ids].sort()).toEqual(truth);
  });
});

describe('a walk asking the cache for its pages\' ETags', () => {
  it('reads those of the pages it expects in one lookup, and every page answers 304 for the ids stored with it', async () => {
    const query = { resolved: 'true' };
    const first = await walkIncidentPages({ api: sim.api, token: sim.token, query, validators: async () => ({}), concurrency: 4, collectIds: true });
    expect(first.finished).toBe(true);
    expect(first.validators.length).toBeGreaterThan(1);
    const stored = Object.fromEntries(first.validators.map((validator) => [validator.url, validator]));
    const lookups: string[][] = [];
    const again = await walkIncidentPages({
      api: sim.api, token: sim.token, query, concurrency: 4, collectIds: true, expectedRows: first.seenIds.size,
      validators: async (urls) => {
        lookups.push(urls);
        return Object.fromEntries(urls.flatMap((url) => (stored[url] ? [[url, stored[url]]] : [])));
      },
    });
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.sort()).toEqual(Object.keys(stored).sort());
    expect(again.notModified).toBe(again.requests);
    expect(again.requests).toBe(first.validators.length);
    expect([...again.seenIds].sort()).toEqual([...first.seenIds].sort());
  });
});
