import { describe, expect, it } from 'vitest';
import { asciiSlug, generateFleet } from './generate.ts';
import { latestCheckin, liveStatus } from './live-status.ts';
import { applianceCount } from './model.ts';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);

describe('generateFleet', () => {
  it('is deterministic per seed and size', () => {
    const a = generateFleet({ seed: 42, sites: 300, nowMs: NOW });
    const b = generateFleet({ seed: 42, sites: 300, nowMs: NOW });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('differs between seeds', () => {
    const a = generateFleet({ seed: 42, sites: 50, nowMs: NOW });
    const b = generateFleet({ seed: 43, sites: 50, nowMs: NOW });
    expect(a.sites.map((s) => s.siteId)).not.toEqual(b.sites.map((s) => s.siteId));
  });

  it('places check-ins relative to the start time, so only the clock differs between runs', () => {
    const a = generateFleet({ seed: 7, sites: 40, nowMs: NOW });
    const b = generateFleet({ seed: 7, sites: 40, nowMs: NOW + 3_600_000 });
    const ages = (fleet: typeof a, now: number) => fleet.sites.flatMap((s) => s.appliances.map((x) => (x.lastCheckinMs === null ? null : now - x.lastCheckinMs)));
    expect(ages(a, NOW)).toEqual(ages(b, NOW + 3_600_000));
  });

  it('has the expected scale for 300 sites: ~40 orgs, ~3.3 appliances per site', () => {
    const fleet = generateFleet({ seed: 42, sites: 300, nowMs: NOW });
    expect(fleet.sites).toHaveLength(300);
    expect(fleet.orgs).toHaveLength(40);
    const average = applianceCount(fleet) / fleet.sites.length;
    expect(average).toBeGreaterThan(3.0);
    expect(average).toBeLessThan(3.7);
  });

  it('gives unique site ids, appliance ids and org ids', () => {
    const fleet = generateFleet({ seed: 42, sites: 1000, nowMs: NOW });
    const siteIds = fleet.sites.map((s) => s.siteId);
    expect(new Set(siteIds).size).toBe(siteIds.length);
    const applianceIds = fleet.sites.flatMap((s) => s.appliances.map((a) => a.applianceId));
    expect(new Set(applianceIds).size).toBe(applianceIds.length);
    expect(new Set(fleet.orgs.map((o) => o.id)).size).toBe(fleet.orgs.length);
    for (const id of siteIds) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each([10, 60, 300])('covers every live_status with %i sites', (sites) => {
    const fleet = generateFleet({ seed: 42, sites, nowMs: NOW });
    const statuses = new Set(
      fleet.sites
        .filter((s) => s.appliances.length > 0)
        .map((s) => liveStatus(latestCheckin(s.appliances.map((a) => a.lastCheckinMs)), Math.max(...s.appliances.map((a) => a.authFailureCount)), NOW)),
    );
    expect([...statuses].sort()).toEqual(['auth_failed', 'offline', 'online', 'pending', 'stale']);
  });

  it('handles tiny fleets', () => {
    expect(generateFleet({ seed: 1, sites: 0, nowMs: NOW }).sites).toEqual([]);
    expect(generateFleet({ seed: 1, sites: 3, nowMs: NOW }).sites).toHaveLength(3);
  });
});

describe('asciiSlug', () => {
  it('folds accents and drops apostrophes', () => {
    expect(asciiSlug("St. Mary's Núñez Pediatrics")).toBe('st-marys-nunez-pediatrics');
  });
});
