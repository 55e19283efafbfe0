import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { FACET_DIMENSIONS, FACET_TOP_VALUES, IncidentQuerySchema, type FacetDimension } from '#shared/incidents/index.ts';
import { fleet, site, useCacheFolder } from '../cache/test-support/cache-fixtures.ts';
import { generateCacheKeyHex } from '../vault/accounts.ts';
import { buildIncidentFilter, matchConditions } from './incident-filters.ts';
import { syncIncidents } from './incident-sync.ts';
import { openIncidentRaw } from './test-support/raw-incidents.ts';
import { useSimIncidents } from './test-support/sim-incidents.ts';

// A search of one HIPAA control beside tallied conditions is counted from the control tallies, not by
// reading its matches: central-sim over real HTTPS into a real SQLCipher file, every answer compared
// with the matching rows counted one by one.
const sim = useSimIncidents({ incidents: 900, sites: 6 });
const folder = useCacheFolder();

/** What each facet dimension groups the matching rows by, for the reference counts. */
const REFERENCE_GROUPS: Record<FacetDimension, { value: string; join: string }> = {
  severity: { value: 'i.severity', join: '' },
  level: { value: 'i.level', join: '' },
  status: { value: "CASE i.resolved WHEN 1 THEN 'resolved' ELSE 'open' END", join: '' },
  checkType: { value: 'i.check_type', join: '' },
  site: { value: 'i.site_id', join: '' },
  org: { value: 's.org_id', join: 'JOIN sites s ON s.site_id = i.site_id AND s.org_id IS NOT NULL' },
  control: { value: 'c.control', join: 'JOIN incident_controls c ON c.incident_rowid = i.rowid' },
};

function referenceFacet(raw: Database.Database, where: string[], params: unknown[], dimension: FacetDimension) {
  const { value, join } = REFERENCE_GROUPS[dimension];
  return raw
    .prepare(`SELECT ${value} AS value, count(*) AS count FROM incidents i ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY 1 ORDER BY 2 DESC, 1 COLLATE NOCASE LIMIT ?`)
    .all(...params, FACET_TOP_VALUES);
}

describe('a search of one control', () => {
  it('is counted exactly from the control tallies: its total and every facet are the matching rows counted', async () => {
    const keyHex = generateCacheKeyHex();
    const cache = await folder.open(keyHex);
    await syncIncidents({ api: sim.api, token: sim.token, cache, detailBudget: 0, reconcilePages: 0 });
    const raw = openIncidentRaw(folder.dir.file('cache.db'), keyHex);
    const siteIds = raw.prepare('SELECT site_id FROM incidents GROUP BY 1 ORDER BY count(*) DESC').pluck().all() as string[];
    await cache.replaceFleet(
      fleet({ sites: siteIds.map((siteId, index) => site(siteId, { clinicName: index === 0 ? 'Riverside Family Practice' : `Clinic ${index}`, orgId: `org-${index % 2}`, orgName: `Group ${index % 2}` })) }),
    );
    const now = Date.now();
    // A control whose quoted name names it alone, and a check-type word.
    const controls = raw.prepare('SELECT control FROM incident_controls GROUP BY 1 ORDER BY count(*) DESC').pluck().all() as string[];
    const control = controls.find((candidate) => buildIncidentFilter(raw, `"${candidate}"`, now).oneControl?.control === candidate);
    expect(control, `one of ${controls.join(', ')} is named alone by its quoted name`).toBeDefined();
    const checkType = raw.prepare('SELECT check_type FROM incidents GROUP BY 1 ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    const [checkWord] = checkType.split(/[^a-z]+/iu).filter((word) => word.length > 3);

    for (const search of [
      `"${control}"`,
      `control:${control}`,
      `control:${control} severity:high is:open`,
      `"${control}" ${checkWord}`,
      `"${control}" riverside`,
      `"${control}" -riverside`,
      `control:${control} -riverside`,
      `control:${control} site:${siteIds[1]}`,
      `control:${control} org:org-1 ${checkWord}`,
    ]) {
      const filter = buildIncidentFilter(raw, search, now);
      expect(filter.oneControl?.control, `${search} is one control`).toBe(control);
      const { where, params } = matchConditions(filter);
      const count = (raw.prepare(`SELECT count(*) FROM incidents i ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).pluck().get(...params) as number);
      expect(count, `${search} matches some incidents`).toBeGreaterThan(0);
      const query = IncidentQuerySchema.parse({ search, limit: 5 });
      const iso = new Date(now).toISOString();
      expect((await cache.queryIncidents(query, iso)).total, search).toEqual({ count, capped: false });
      const facets = await cache.incidentFacets(query, iso);
      expect(facets.total, search).toEqual({ count, capped: false });
      for (const dimension of FACET_DIMENSIONS) {
        const facet = facets.facets.find((entry) => entry.dimension === dimension)!;
        expect(facet.exact, `${search} ${dimension}`).toBe(true);
        expect(
          facet.values.map(({ value, count: n }) => ({ value, count: n })),
          `${search} ${dimension}`,
        ).toEqual(referenceFacet(raw, where, params, dimension));
      }
    }

    // Not one control: two controls, a host filter, a prefix naming several cached controls.
    expect(controls.filter((name) => name.toLowerCase().startsWith('164.3')).length).toBeGreaterThan(1);
    for (const search of [`"${controls[0]}" OR "${controls[1]}"`, `control:${control} host:ws-*`, 'control:164.3*', `control:${controls[0]} ${controls[1]}`]) {
      expect(buildIncidentFilter(raw, search, now).oneControl, search).toBeNull();
    }
    // A prefix naming one cached control is that control.
    expect(buildIncidentFilter(raw, `control:${control}*`, now).oneControl?.control).toBe(control);
    raw.close();
  });
});
