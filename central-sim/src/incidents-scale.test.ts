import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';

// A million incidents, bounded: one simulator, a handful of requests. Times are measured by
// `node central-sim/src/measure-scale.ts` (see the README), never asserted here.
const MILLION = 1_000_000;
const GIB = 1024 ** 3;

type Incident = { id: string; created_at: string; resolution_level: string | null; resolved: boolean };

let test: TestSim;
let c: SimClient;
let heapBefore: number;

beforeAll(async () => {
  heapBefore = process.memoryUsage().heapUsed;
  test = await startTestSim({ seed: 42, sites: 300, incidents: MILLION });
  c = new SimClient(test.sim);
  await c.login('admin', passwordOf(test.sim, 'admin'));
});

afterAll(async () => {
  await c.close();
  await test.stop();
});

async function page(query: string): Promise<Incident[]> {
  const res = await c.get(`/api/dashboard/incidents?${query}`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res.json as Incident[];
}

describe('a million incidents', () => {
  it('serves deep pages that continue the list exactly, to its end', async () => {
    expect(test.sim.incidentCount).toBe(MILLION);
    const deep = await page('offset=900000');
    expect(deep).toHaveLength(50);
    const overlapping = await page('offset=899999&limit=51');
    expect(overlapping.slice(1)).toEqual(deep);
    const times = [...overlapping, ...(await page('offset=900050&limit=1'))].map((row) => Date.parse(row.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await page('offset=999990&limit=200')).toHaveLength(10);
    expect(await page('offset=1000000')).toEqual([]);
    const detail = await c.get(`/api/dashboard/incidents/${deep[25]!.id}`);
    expect((detail.json as Incident).id).toBe(deep[25]!.id);
  });

  it('filters deep pages too', async () => {
    const l1 = await page('level=L1&offset=600000&limit=200');
    expect(l1).toHaveLength(200);
    expect(l1.every((row) => row.resolution_level === 'L1')).toBe(true);
    const shifted = await page('level=L1&offset=600001&limit=199');
    expect(shifted).toEqual(l1.slice(1));
    const open = await page('resolved=false&offset=40000');
    expect(open.every((row) => !row.resolved)).toBe(true);
  });

  it('keeps the whole process well under 1 GiB, the incident table itself a small part of it', () => {
    const usage = process.memoryUsage();
    expect(usage.rss).toBeLessThan(GIB);
    // Rows are computed, not held: a million of them cost a few tens of MB of typed arrays, not objects on the heap.
    expect(usage.heapUsed - heapBefore).toBeLessThan(200 * 1024 ** 2);
  });
});
