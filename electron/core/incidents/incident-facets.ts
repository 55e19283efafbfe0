import type Database from 'better-sqlite3-multiple-ciphers';
import {
  FACET_DIMENSIONS,
  FACET_TOP_VALUES,
  INCIDENT_COUNT_CAP,
  type Facet,
  type FacetDimension,
  type FacetValue,
  type IncidentFacetsResult,
  type IncidentQuery,
  controlLabel,
} from '#shared/incidents/index.ts';
import { buildIncidentFilter, plannedConditions, type IncidentFilter } from './incident-filters.ts';
import { cachedIncidents, countFilterMatches } from './incident-list.ts';
import { parseControls, whereClause } from './incident-rows.ts';

type Connection = Database.Database;

export interface IncidentFacetOperations {
  incidentFacets(query: IncidentQuery, now: string): IncidentFacetsResult;
}

interface Counted {
  value: string;
  label: string | null;
  count: number;
}

/** What the tally groups by for each dimension it holds; `control` has a tally of its own. */
const TALLY_GROUPS: Record<Exclude<FacetDimension, 'control'>, { value: string; label: string; join: string }> = {
  severity: { value: 't.severity', label: 'NULL', join: '' },
  level: { value: 't.level', label: 'NULL', join: '' },
  status: { value: "CASE t.resolved WHEN 1 THEN 'resolved' ELSE 'open' END", label: 'NULL', join: '' },
  checkType: { value: 't.check_type', label: 'NULL', join: '' },
  site: { value: 't.site_id', label: 'MAX(s.clinic_name)', join: 'LEFT JOIN sites s ON s.site_id = t.site_id' },
  org: { value: 's.org_id', label: 'MAX(s.org_name)', join: 'JOIN sites s ON s.site_id = t.site_id AND s.org_id IS NOT NULL' },
};

/** Matches that agree on every facet's column, and how many. */
interface ScannedGroup {
  severity: string;
  level: string;
  resolved: number;
  check_type: string;
  site_id: string;
  hipaa_controls: string;
  n: number;
}

/**
 * Counts per value of each dimension for the incidents a query matches. Filtered only by tallied
 * dimensions (site, org, severity, level, state, check type), every count is exact from the tallies;
 * with text, control, host or age filters the first `INCIDENT_COUNT_CAP` matches are counted and,
 * past the cap, every count is a lower bound. Each facet lists its `FACET_TOP_VALUES` largest values.
 */
export class IncidentFacets implements IncidentFacetOperations {
  readonly #db: Connection;

  constructor(db: Connection) {
    this.#db = db;
  }

  incidentFacets(query: IncidentQuery, now: string): IncidentFacetsResult {
    const filter = buildIncidentFilter(this.#db, query.search, Date.parse(now));
    if (filter.tallyOnly) {
      const facets = FACET_DIMENSIONS.map((dimension) => (dimension === 'control' ? this.#controlsOf(filter) : this.#fromTally(dimension, filter)));
      return { facets, total: countFilterMatches(this.#db, filter) };
    }
    return this.#fromScan(filter);
  }

  #fromTally(dimension: Exclude<FacetDimension, 'control'>, filter: IncidentFilter): Facet {
    const group = TALLY_GROUPS[dimension];
    // Grouped by site or org, only the per-site tally knows; every other dimension sums the filter's.
    const tally = dimension === 'site' || dimension === 'org' ? 'incident_tally' : filter.tally;
    const values = this.#db
      .prepare<unknown[], Counted>(
        `SELECT ${group.value} AS value, ${group.label} AS label, SUM(t.n) AS count FROM ${tally} t ${group.join}
         ${whereClause(filter.tallyWhere)} GROUP BY 1 HAVING SUM(t.n) > 0 ORDER BY 3 DESC, 1 LIMIT ?`,
      )
      .all(...filter.tallyParams, FACET_TOP_VALUES + 1);
    return facet(dimension, values, true);
  }

  /** Filtered by tallied dimensions only, the controls are summed from their own tally, exactly. */
  #controlsOf(filter: IncidentFilter): Facet {
    const values = this.#db
      .prepare<unknown[], Counted>(
        `SELECT t.control AS value, NULL AS label, SUM(t.n) AS count FROM ${filter.controlTally} t ${whereClause(filter.tallyWhere)}
         GROUP BY 1 HAVING SUM(t.n) > 0 ORDER BY 3 DESC, 1 LIMIT ?`,
      )
      .all(...filter.tallyParams, FACET_TOP_VALUES + 1);
    return facet('control', values, true);
  }

  /**
   * Counts over the first INCIDENT_COUNT_CAP matches, grouped inside SQLite (a few hundred groups
   * cross into JavaScript, not 10,000 rows); the match set read whichever way round reads less.
   * Exactly INCIDENT_COUNT_CAP matches are marked capped too: the counts are then still lower bounds.
   */
  #fromScan(filter: IncidentFilter): IncidentFacetsResult {
    const { where, params } = plannedConditions(filter, { where: filter.countWhere, params: filter.countParams }, { kind: 'all', covered: false }, () => cachedIncidents(this.#db));
    const groups = this.#db
      .prepare<unknown[], ScannedGroup>(
        `SELECT severity, level, resolved, check_type, site_id, hipaa_controls, count(*) AS n
         FROM (SELECT i.severity, i.level, i.resolved, i.check_type, i.site_id, i.hipaa_controls FROM incidents i ${whereClause(where)} LIMIT ?) GROUP BY 1, 2, 3, 4, 5, 6`,
      )
      .all(...params, INCIDENT_COUNT_CAP);
    const counted = groups.reduce((sum, group) => sum + group.n, 0);
    // A very common search is counted over its first matches only: every count is then a lower bound.
    const capped = counted >= INCIDENT_COUNT_CAP || filter.countPartial;
    const sites = this.#sitesOf(new Set(groups.map((group) => group.site_id)));
    const tallies = new Map<FacetDimension, Map<string, number>>(FACET_DIMENSIONS.map((dimension) => [dimension, new Map()]));
    const add = (dimension: FacetDimension, value: string, n: number) => {
      const tally = tallies.get(dimension)!;
      tally.set(value, (tally.get(value) ?? 0) + n);
    };
    const labels = new Map<string, string>();
    for (const group of groups) {
      add('severity', group.severity, group.n);
      add('level', group.level, group.n);
      add('status', group.resolved === 1 ? 'resolved' : 'open', group.n);
      add('checkType', group.check_type, group.n);
      add('site', group.site_id, group.n);
      const site = sites.get(group.site_id);
      if (site?.org_id) add('org', site.org_id, group.n);
      for (const control of new Set(parseControls(group.hipaa_controls))) add('control', control, group.n);
    }
    for (const [siteId, site] of sites) {
      if (site.clinic_name) labels.set(`site:${siteId}`, site.clinic_name);
      if (site.org_id && site.org_name) labels.set(`org:${site.org_id}`, site.org_name);
    }
    const facets = FACET_DIMENSIONS.map((dimension) => facet(dimension, ranked(tallies.get(dimension)!, labels, dimension), !capped));
    return { facets, total: { count: counted, capped } };
  }

  #sitesOf(siteIds: Set<string>): Map<string, { clinic_name: string | null; org_id: string | null; org_name: string | null }> {
    const found = new Map<string, { clinic_name: string | null; org_id: string | null; org_name: string | null }>();
    if (siteIds.size === 0) return found;
    const rows = this.#db
      .prepare<[string], { site_id: string; clinic_name: string | null; org_id: string | null; org_name: string | null }>(
        'SELECT site_id, clinic_name, org_id, org_name FROM sites WHERE site_id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify([...siteIds]));
    for (const row of rows) found.set(row.site_id, row);
    return found;
  }
}

/** Largest count first, ties by value; labels looked up as `dimension:value`. */
function ranked(counts: Map<string, number>, labels: Map<string, string>, dimension: FacetDimension): Counted[] {
  return [...counts]
    .map(([value, count]) => ({ value, label: labels.get(`${dimension}:${value}`) ?? null, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, FACET_TOP_VALUES + 1);
}

/** The top values with labels; one more than the top was read to know whether there are more. */
function facet(dimension: FacetDimension, counted: Counted[], exact: boolean): Facet {
  const values: FacetValue[] = counted.slice(0, FACET_TOP_VALUES).map((row) => ({
    value: row.value,
    label: dimension === 'control' ? controlLabel(row.value) : (row.label ?? row.value),
    count: row.count,
  }));
  return { dimension, values, exact, more: counted.length > FACET_TOP_VALUES };
}
