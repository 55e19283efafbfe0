import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';

// incidentTieSeconds: reported_at to a grain, so incidents tie, and each list request orders every tie
// afresh, as Postgres may for `ORDER BY reported_at DESC` with another LIMIT and OFFSET. The control API's
// rows are the store's own order, the truth a test compares with.
const FROZEN_NOW = Date.UTC(2026, 4, 17, 12, 0, 7, 250);
const GRAIN_SECONDS = 6 * 3600;

type Row = { id: string; created_at: string };

let test: TestSim;
let c: SimClient;

beforeAll(async () => {
  test = await startTestSim({ seed: 5, sites: 12, incidents: 2000, incidentTieSeconds: GRAIN_SECONDS, now: () => FROZEN_NOW });
  c = new SimClient(test.sim);
  await c.login('admin', passwordOf(test.sim, 'admin'));
});

afterAll(async () => {
  await c.close();
  await test.stop();
});

async function page(offset: number, limit = 200): Promise<Row[]> {
  const res = await c.get(`/api/dashboard/incidents?limit=${limit}&offset=${offset}`);
  expect(res.status).toBe(200);
  return res.json as Row[];
}

async function stored(): Promise<Row[]> {
  const rows: Row[] = [];
  for (;;) {
    const answer = await control(test.sim, 'GET', `/control/incidents/rows/${rows.length}`);
    const chunk = answer.json.rows as Row[];
    if (chunk.length === 0) return rows;
    rows.push(...chunk);
  }
}

describe('incidents reported at a grain', () => {
  it('tie at the grain, and every request orders each tie its own way, never anything else', async () => {
    const truth = await stored();
    expect(truth).toHaveLength(2000);
    expect(truth.every((row) => Date.parse(row.created_at) % (GRAIN_SECONDS * 1000) === 0)).toBe(true);
    expect(new Set(truth.map((row) => row.created_at)).size).toBeLessThan(400);

    const reorderedPages: number[] = [];
    for (const offset of [0, 190, 777, 1800]) {
      const first = await page(offset);
      const second = await page(offset);
      // Newest first still; only ids differ, by position, among rows of the same reported_at.
      for (const rows of [first, second]) {
        expect(rows.map((row) => row.created_at)).toEqual(truth.slice(offset, offset + 200).map((row) => row.created_at));
      }
      if (first.some((row, index) => row.id !== second[index]!.id)) reorderedPages.push(offset);
    }
    expect(reorderedPages.length, 'ties came back in another order').toBeGreaterThan(0);
    // Within a tie wholly inside a page, the page holds the same rows as the store.
    const whole = await page(0, 200);
    const lastTime = whole[whole.length - 1]!.created_at;
    const inside = (rows: Row[]) => rows.filter((row) => row.created_at !== lastTime).map((row) => row.id).sort();
    expect(inside(whole)).toEqual(inside(truth.slice(0, 200)));
  });
});
