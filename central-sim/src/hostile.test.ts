import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS } from './hostile.ts';
import { CHECK_KINDS, UNKNOWN_CHECK_TYPE } from './incidents/catalog.ts';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';

// `--hostile`: content a console must render as inert text, served in the normal shapes.
const FROZEN_NOW = Date.UTC(2026, 4, 17, 12, 0, 7, 250);
const MARKUP = /<script|<img|<svg|<iframe|<a href|<b>/;
const UNICODE_TRICKS = /\u202E|\u2067|\p{Mn}|\u200B|\u200D|\p{Extended_Pictographic}|\p{Script=Arabic}|\p{Script=Hebrew}/u;
const KNOWN_CHECK_TYPES = new Set([...CHECK_KINDS.map((kind) => kind.checkType), UNKNOWN_CHECK_TYPE]);

type Incident = { id: string; site_id: string; check_type: string; severity: string };
type Detail = Incident & { hostname: string; drift_data: Record<string, unknown>; remediation_history: Record<string, unknown>[] };

let hostile: TestSim;
let normal: TestSim;
let c: SimClient;
let plain: SimClient;

beforeAll(async () => {
  hostile = await startTestSim({ seed: 42, sites: 40, incidents: 3000, hostile: true, now: () => FROZEN_NOW });
  normal = await startTestSim({ seed: 42, sites: 40, incidents: 3000, now: () => FROZEN_NOW });
  c = new SimClient(hostile.sim);
  plain = new SimClient(normal.sim);
  await c.login('admin', passwordOf(hostile.sim, 'admin'));
  await plain.login('admin', passwordOf(normal.sim, 'admin'));
});

afterAll(async () => {
  await c.close();
  await plain.close();
  await hostile.stop();
  await normal.stop();
});

async function incidents(client: SimClient): Promise<Incident[]> {
  const rows: Incident[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = (await client.get(`/api/dashboard/incidents?limit=200&offset=${offset}`)).json as Incident[];
    rows.push(...page);
    if (page.length < 200) return rows;
  }
}

/** Every string anywhere in a JSON value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, inner]) => [key, ...strings(inner)]);
  return [];
}

describe('--hostile', () => {
  it('puts markup, script and unicode tricks in clinic names, org names, hostnames, display names and notes; one name and one hostname are 300 characters', async () => {
    const sites = ((await c.get('/api/sites?limit=500')).json as { sites: { site_id: string; clinic_name: string; org_name: string | null }[] }).sites;
    const names = sites.map((site) => site.clinic_name);
    expect(names.some((name) => MARKUP.test(name))).toBe(true);
    expect(names.some((name) => UNICODE_TRICKS.test(name))).toBe(true);
    expect(names.some((name) => [...name].length === 300)).toBe(true);
    expect(sites.some((site) => site.org_name !== null && HOSTILE_STRINGS.some((text) => site.org_name!.includes(text)))).toBe(true);
    const hostnames: string[] = [];
    const notes: (string | null)[] = [];
    for (const site of sites) {
      const detail = (await c.get(`/api/sites/${site.site_id}`)).json as { notes: string | null };
      notes.push(detail.notes);
      const appliances = ((await c.get(`/api/sites/${site.site_id}/appliances`)).json as { appliances: { hostname: string; display_name: string | null }[] }).appliances;
      hostnames.push(...appliances.map((a) => a.hostname), ...appliances.flatMap((a) => (a.display_name === null ? [] : [a.display_name])));
    }
    expect(hostnames.some((name) => MARKUP.test(name))).toBe(true);
    expect(hostnames.some((name) => [...name].length === 300)).toBe(true);
    expect(notes.some((note) => note !== null && MARKUP.test(note))).toBe(true);
    expect(notes).toContain(null);
    // Site ids stay slugs: they are path segments.
    for (const site of sites) expect(site.site_id).toMatch(/^[a-z0-9-]+$/);
  });

  it('reports unknown check types (some of them markup), while severities stay the four the model allows', async () => {
    const rows = await incidents(c);
    const unknown = rows.map((row) => row.check_type).filter((type) => !KNOWN_CHECK_TYPES.has(type));
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.some((type) => MARKUP.test(type))).toBe(true);
    expect(rows.every((row) => ['critical', 'high', 'medium', 'low'].includes(row.severity))).toBe(true);
  });

  it('fills drift data with hostile strings and keys, deep nesting and nulls, and some timeline steps with nulls', async () => {
    let hostileDetails = 0;
    let nullSteps = 0;
    for (const row of (await incidents(c)).slice(1, 200)) {
      const detail = (await c.get(`/api/dashboard/incidents/${row.id}`)).json as Detail;
      if (strings(detail.drift_data).some((text) => MARKUP.test(text) || UNICODE_TRICKS.test(text))) hostileDetails++;
      if (detail.remediation_history.some((step) => step.runbook_id === null && step.tier !== 'L3')) nullSteps++;
    }
    expect(hostileDetails).toBeGreaterThan(5);
    expect(nullSteps).toBeGreaterThan(0);
  });

  it('gives one incident a megabyte of drift data, still in the IncidentDetail shape', async () => {
    const { megabyteIncidentId } = (await control(hostile.sim, 'GET', '/control/incidents')).json as { megabyteIncidentId: string };
    const res = await c.get(`/api/dashboard/incidents/${megabyteIncidentId}`);
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.text)).toBeGreaterThan(1024 * 1024);
    const detail = res.json as Detail;
    expect(detail.id).toBe(megabyteIncidentId);
    expect((detail.drift_data.raw_output as string).length).toBeGreaterThanOrEqual(1024 * 1024);
    expect(Array.isArray(detail.remediation_history)).toBe(true);
  });

  it('is off by default: the same seed without it serves none of that', async () => {
    expect((await control(normal.sim, 'GET', '/control/incidents')).json.megabyteIncidentId).toBeNull();
    const sites = ((await plain.get('/api/sites?limit=500')).json as { sites: { clinic_name: string }[] }).sites;
    expect(sites.some((site) => MARKUP.test(site.clinic_name))).toBe(false);
    const rows = await incidents(plain);
    expect(rows.every((row) => KNOWN_CHECK_TYPES.has(row.check_type))).toBe(true);
    for (const row of rows.slice(0, 60)) {
      const detail = (await plain.get(`/api/dashboard/incidents/${row.id}`)).json as Detail;
      expect(strings(detail).some((text) => MARKUP.test(text))).toBe(false);
    }
  });
});
