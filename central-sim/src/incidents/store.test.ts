import { describe, expect, it } from 'vitest';
import { generateFleet } from '../fleet/generate.ts';
import { createRng } from '../random.ts';
import { IncidentIds } from './ids.ts';
import { IncidentRows } from './rows.ts';
import { STATUS, TIER, TIERS, IncidentStore, type IncidentFilter } from './store.ts';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);

function build(seed: number, count: number, sites = 60) {
  const fleet = generateFleet({ seed, sites, nowMs: NOW });
  const store = new IncidentStore({ fleet, count });
  const rows = new IncidentRows({ seed, hostile: false, baseCount: store.baseCount });
  return { fleet, store, rows };
}

/** The same page by brute force: every row, newest first, through the filter, then offset/limit. */
function naivePage(store: IncidentStore, filter: IncidentFilter, offset: number, limit: number): number[] {
  const all: number[] = [];
  for (let row = store.count - 1; row >= 0; row--) {
    if (filter.siteIndex !== null && store.siteIndexOf(row) !== filter.siteIndex) continue;
    if (filter.tier !== null && store.tierOf(row) !== filter.tier) continue;
    if (filter.resolved !== null && (store.statusOf(row) === STATUS.resolved) !== filter.resolved) continue;
    if (filter.visible !== null && filter.visible[store.siteIndexOf(row)] !== 1) continue;
    all.push(row);
  }
  return all.slice(offset, offset + limit);
}

describe('IncidentStore', () => {
  it('is a function of the seed: same seed and size → the same rows; another seed → others', () => {
    const a = build(42, 3000);
    const b = build(42, 3000);
    const c = build(43, 3000);
    const render = (x: ReturnType<typeof build>) => [0, 1, 1500, 2999].map((row) => JSON.stringify(x.rows.detail(x.store.record(row), NOW)));
    expect(render(a)).toEqual(render(b));
    expect(render(c)).not.toEqual(render(a));
  });

  it('has ~75 % L1 / ~18 % L2 / ~7 % L3 among L-tier rows, some non-L tiers, four severities and 1-5 steps', () => {
    const { store, rows } = build(42, 20_000);
    const tiers = new Map<string | null, number>();
    const severities = new Set<unknown>();
    const steps = new Set<unknown>();
    const checkTypes = new Set<unknown>();
    for (let row = 0; row < store.count; row++) {
      const tier = TIERS[store.tierOf(row)] ?? null;
      tiers.set(tier, (tiers.get(tier) ?? 0) + 1);
      if (row % 20 === 0) {
        const r = rows.listRow(store.record(row));
        severities.add(r.severity);
        steps.add(r.remediation_attempts);
        checkTypes.add(r.check_type);
      }
    }
    const l = (tiers.get('L1') ?? 0) + (tiers.get('L2') ?? 0) + (tiers.get('L3') ?? 0);
    expect((tiers.get('L1') ?? 0) / l).toBeCloseTo(0.75, 1);
    expect((tiers.get('L2') ?? 0) / l).toBeCloseTo(0.18, 1);
    expect((tiers.get('L3') ?? 0) / l).toBeCloseTo(0.07, 1);
    for (const other of ['manual', 'monitoring', 'recovered', null]) expect(tiers.get(other) ?? 0).toBeGreaterThan(0);
    expect([...severities].sort()).toEqual(['critical', 'high', 'low', 'medium']);
    expect([...steps].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(checkTypes.size).toBeGreaterThanOrEqual(10);
  });

  it('puts more incidents at some sites than others, and none at sites without appliances', () => {
    const { fleet, store } = build(42, 20_000, 100);
    const perSite = new Map<number, number>();
    for (let row = 0; row < store.count; row++) perSite.set(store.siteIndexOf(row), (perSite.get(store.siteIndexOf(row)) ?? 0) + 1);
    for (const index of perSite.keys()) expect(fleet.sites[index]!.appliances.length).toBeGreaterThan(0);
    const counts = [...perSite.values()].sort((x, y) => x - y);
    expect(counts.at(-1)! / counts[Math.floor(counts.length / 2)]!).toBeGreaterThan(3);
  });

  it('keeps reported_at increasing with the row, all before the start time', () => {
    const { store } = build(7, 5000);
    let previous = -Infinity;
    for (let row = 0; row < store.count; row++) {
      const { createdAtMs, resolvedAtMs } = store.record(row);
      expect(createdAtMs).toBeGreaterThan(previous);
      expect(createdAtMs).toBeLessThanOrEqual(NOW);
      if (resolvedAtMs !== null) expect(resolvedAtMs).toBeGreaterThanOrEqual(createdAtMs);
      previous = createdAtMs;
    }
  });

  it('pages exactly as a brute-force filter does, also after rows are opened, resolved and escalated', () => {
    const { fleet, store } = build(42, 12_000);
    const rng = createRng(1, 'store-test');
    for (let i = 0; i < 40; i++) store.open(NOW + i * 1000, i % 3 === 0 ? store.siteIndexOf(0) : undefined);
    for (let i = 0; i < 300; i++) {
      const row = rng.int(0, store.count - 1);
      if (store.statusOf(row) === STATUS.resolved) continue;
      if (rng.chance(0.5)) store.resolve(row, NOW, TIER.manual);
      else store.escalate(row);
    }
    const visible = new Uint8Array(fleet.sites.length).map((_, i) => (i % 4 === 0 ? 1 : 0));
    const twoSites = new Uint8Array(fleet.sites.length);
    twoSites[store.siteIndexOf(0)] = 1;
    twoSites[store.siteIndexOf(5000)] = 1;
    const none = new Uint8Array(fleet.sites.length);
    const filters: IncidentFilter[] = [
      { siteIndex: null, visible: null, tier: null, resolved: null },
      { siteIndex: null, visible: null, tier: TIER.L1, resolved: null },
      { siteIndex: null, visible: null, tier: null, resolved: false },
      { siteIndex: null, visible: null, tier: TIER.L3, resolved: true },
      { siteIndex: null, visible: null, tier: TIER.manual, resolved: null },
      { siteIndex: null, visible, tier: null, resolved: null },
      { siteIndex: null, visible, tier: TIER.L2, resolved: true },
      { siteIndex: null, visible: twoSites, tier: null, resolved: null },
      { siteIndex: null, visible: twoSites, tier: null, resolved: false },
      { siteIndex: null, visible: none, tier: null, resolved: null },
      { siteIndex: store.siteIndexOf(0), visible: twoSites, tier: null, resolved: null },
      { siteIndex: store.siteIndexOf(0), visible: none, tier: null, resolved: null },
      { siteIndex: store.siteIndexOf(0), visible: null, tier: null, resolved: null },
      { siteIndex: store.siteIndexOf(0), visible: null, tier: TIER.L1, resolved: true },
      { siteIndex: null, visible: null, tier: -1, resolved: null },
    ];
    for (const filter of filters) {
      for (const offset of [0, 1, 49, 1023, 1024, 1025, 5000, 11_000, 11_990, 20_000]) {
        for (const limit of [1, 50, 200]) expect(store.page(filter, offset, limit), JSON.stringify({ filter: { ...filter, visible: !!filter.visible }, offset, limit })).toEqual(naivePage(store, filter, offset, limit));
      }
    }
  });

  it('opens new incidents on top (row numbers grow), unresolved and without a tier', () => {
    const { store, rows } = build(42, 500);
    const row = store.open(NOW + 60_000)!;
    expect(row).toBe(500);
    expect(store.page({ siteIndex: null, visible: null, tier: null, resolved: null }, 0, 1)).toEqual([row]);
    const listed = rows.listRow(store.record(row));
    expect(listed).toMatchObject({ resolved: false, resolution_level: null, resolved_at: null, created_at: '2026-05-17T12:01:00Z' });
  });

  it('pages an empty table (no incidents, or no site with appliances) as empty lists', () => {
    for (const { store } of [build(42, 0), build(42, 500, 0)]) {
      expect(store.count).toBe(0);
      for (const tier of [null, TIER.L1]) for (const resolved of [null, false]) expect(store.page({ siteIndex: null, visible: null, tier, resolved }, 0, 50)).toEqual([]);
    }
    expect(build(42, 500, 0).store.open(NOW)).toBeNull();
  });

  it('grows past its initial capacity', () => {
    const { store } = build(42, 10);
    for (let i = 0; i < 3000; i++) store.open(NOW + i);
    expect(store.count).toBe(3010);
    expect(store.page({ siteIndex: null, visible: null, tier: TIER.none, resolved: false }, 2999, 5).length).toBeGreaterThan(0);
    expect(store.page({ siteIndex: null, visible: null, tier: null, resolved: null }, 0, 2)).toEqual([3009, 3008]);
  });
  it('leaves a stated share of the history open (default: what the delays leave), every row in a state that fits it', () => {
    const fleet = generateFleet({ seed: 42, sites: 60, nowMs: NOW });
    const openShareOf = (store: IncidentStore) => store.unresolved.size / store.count;
    expect(openShareOf(new IncidentStore({ fleet, count: 20_000 }))).toBeGreaterThan(0.04);
    for (const share of [0, 0.005, 0.07, 1]) {
      const store = new IncidentStore({ fleet, count: 20_000, openShare: share });
      expect(Math.abs(openShareOf(store) - share)).toBeLessThan(0.005);
      for (let row = 0; row < store.count; row += 7) {
        const record = store.record(row);
        if (record.status === STATUS.resolved) {
          expect(record.resolvedAtMs).toBeGreaterThanOrEqual(record.createdAtMs);
          expect(record.resolvedAtMs).toBeLessThanOrEqual(fleet.generatedAtMs);
          expect(record.tier).not.toBe(TIER.none);
        } else {
          expect(record.resolvedAtMs).toBeNull();
          expect([TIER.none, TIER.L1, TIER.L2, TIER.L3, TIER.monitoring]).toContain(record.tier);
        }
      }
    }
    const again = (share: number) => JSON.stringify([3, 500, 19_999].map((row) => new IncidentStore({ fleet, count: 20_000, openShare: share }).record(row)));
    expect(again(0.005)).toBe(again(0.005));
    expect(() => new IncidentStore({ fleet, count: 10, openShare: 1.5 })).toThrow(/between 0 and 1/);
  });

});

describe('IncidentIds', () => {
  it('encodes rows as v4 UUIDs that decode back, in any case, and rejects ids it did not issue', () => {
    const ids = new IncidentIds(42);
    const seen = new Set<string>();
    for (const row of [0, 1, 2, 65_535, 65_536, 999_999, 4_000_000]) {
      const id = ids.encode(row);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(ids.decode(id, 5_000_000)).toBe(row);
      expect(ids.decode(id.toUpperCase(), 5_000_000)).toBe(row);
      seen.add(id);
    }
    expect(seen.size).toBe(7);
    const id = ids.encode(10);
    expect(ids.decode(id, 10)).toBeNull(); // beyond the table
    expect(ids.decode(`${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}`, 100)).toBeNull(); // forged tail
    expect(ids.decode('not-a-uuid', 100)).toBeNull();
    expect(new IncidentIds(43).decode(id, 100)).toBeNull(); // another seed's id
  });
});
