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
import { countsPerControl } from './control-lists.ts';
import { buildIncidentFilter, plannedConditions, type IncidentFilter } from './incident-filters.ts';
import { cachedIncidents, countFilterMatches } from './incident-list.ts';
import { parseControls, whereClause } from './incident-rows.ts';
import { prepared } from '../cache/prepared-statements.ts';

type Connection = Database.Database;

export interface IncidentFacetOperations {
  incidentFacets(query: IncidentQuery, now: string): IncidentFacetsResult;
}

interface Counted {
  value: string;
  label: string | null;
  count: number;
}

/** What a tally groups by for each dimension it holds but the site's; `control` is counted from control lists. */
const TALLY_GROUPS: Record<Exclude<FacetDimension, 'control' | 'site' | 'org'>, string> = {
  severity: 't.severity',
  level: 't.level',
  status: "CASE t.resolved WHEN 1 THEN 'resolved' ELSE 'open' END",
  checkType: 't.check_type',
};

/** The tallies a facet sums: `tally` for most dimensions, `siteTally` for site and org; `where` over `t`. */
interface TallySource {
  tally: string;
  siteTally: string;
  where: string[];
  params: unknown[];
}

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
 * dimensions (site, org, severity, level, state, check type, control), every count is exact from the
 * tallies; with detail text, host or age filters the first `INCIDENT_COUNT_CAP` matches are counted
 * and, past the cap, every count is a lower bound. Each facet lists its `FACET_TOP_VALUES` largest values.
 */
export class IncidentFacets implements IncidentFacetOperations {
  readonly #db: Connection;

  constructor(db: Connection) {
    this.#db = db;
  }

  incidentFacets(query: IncidentQuery, now: string): IncidentFacetsResult {
    const filter = buildIncidentFilter(this.#db, query.search, Date.parse(now));
    if (filter.tallyOnly) {
      const tallies: TallySource = { tally: filter.tally, siteTally: filter.siteTally, where: filter.tallyWhere, params: filter.tallyParams };
      return { facets: this.#fromTallies(tallies, this.#controlsOf(filter)), total: countFilterMatches(this.#db, filter) };
    }
    return this.#fromScan(filter);
  }

  /** Every facet but the control's, summed from the tallies, exactly; in FACET_DIMENSIONS order with `control`. */
  #fromTallies(source: TallySource, control: Facet): Facet[] {
    const where = whereClause(source.where);
    const bySite = this.#bySite(source, where);
    return FACET_DIMENSIONS.map((dimension) => {
      if (dimension === 'control') return control;
      if (dimension === 'site' || dimension === 'org') return bySite[dimension];
      const values = prepared<unknown[], Counted>(
        this.#db,
        `SELECT ${TALLY_GROUPS[dimension]} AS value, NULL AS label, SUM(t.n) AS count FROM ${source.tally} t ${where} GROUP BY 1 HAVING SUM(t.n) > 0 ORDER BY 3 DESC, 1 LIMIT ?`,
      ).all(...source.params, FACET_TOP_VALUES + 1);
      return facet(dimension, values, true);
    });
  }

  /**
   * The site and org facets from one read of the per-site tally: summed per site, then labelled and
   * grouped by org from the sites (a site lookup per tally row cost more than the sums).
   */
  #bySite(source: TallySource, where: string): { site: Facet; org: Facet } {
    const rows = prepared<unknown[], { site_id: string; n: number; clinic_name: string | null; org_id: string | null; org_name: string | null }>(
      this.#db,
      `SELECT g.site_id, g.n, s.clinic_name, s.org_id, s.org_name
       FROM (SELECT t.site_id, SUM(t.n) AS n FROM ${source.siteTally} t ${where} GROUP BY 1 HAVING SUM(t.n) > 0) g LEFT JOIN sites s ON s.site_id = g.site_id`,
    ).all(...source.params);
    const sites = new Map<string, number>();
    const orgs = new Map<string, number>();
    const labels = new Map<string, string>();
    for (const row of rows) {
      sites.set(row.site_id, row.n);
      if (row.clinic_name) labels.set(`site:${row.site_id}`, row.clinic_name);
      if (row.org_id === null) continue;
      orgs.set(row.org_id, (orgs.get(row.org_id) ?? 0) + row.n);
      if (row.org_name) labels.set(`org:${row.org_id}`, row.org_name);
    }
    return { site: facet('site', ranked(sites, labels, 'site'), true), org: facet('org', ranked(orgs, labels, 'org'), true) };
  }

  /**
   * Filtered by tallied dimensions only, the controls are counted exactly from the control-list tally:
   * summed per list, then each list's count added to every control it holds (an incident carrying
   * two controls counts once for each, as the facet asks).
   */
  #controlsOf(filter: IncidentFilter): Facet {
    // The per-site tally's key starts with the control list: naming every list lets SQLite seek each
    // (list, site) of a site filter instead of reading the whole tally (a search naming controls has named them already).
    const where = filter.perSite && !filter.tallyNamesEveryList ? ['t.controls IN (SELECT controls FROM incident_control_set_kind_tally GROUP BY 1)', ...filter.tallyWhere] : filter.tallyWhere;
    const lists = prepared<unknown[], { controls: string; n: number }>(this.#db, `SELECT t.controls, SUM(t.n) AS n FROM ${filter.controlListTally} t ${whereClause(where)} GROUP BY 1 HAVING SUM(t.n) > 0`)
      .all(...filter.tallyParams);
    return facet('control', ranked(countsPerControl(lists), new Map(), 'control'), true);
  }

  /**
   * Counts over the first INCIDENT_COUNT_CAP matches, grouped inside SQLite (a few hundred groups
   * cross into JavaScript, not 10,000 rows); the match set read whichever way round reads less.
   * Exactly INCIDENT_COUNT_CAP matches are marked capped too: the counts are then still lower bounds.
   */
  #fromScan(filter: IncidentFilter): IncidentFacetsResult {
    const { where, params } = plannedConditions(filter, { where: filter.countWhere, params: filter.countParams }, { kind: 'all', covered: false }, () => cachedIncidents(this.#db));
    const groups = prepared<unknown[], ScannedGroup>(
      this.#db,
      `SELECT severity, level, resolved, check_type, site_id, hipaa_controls, count(*) AS n
       FROM (SELECT i.severity, i.level, i.resolved, i.check_type, i.site_id, i.hipaa_controls FROM incidents i ${whereClause(where)} LIMIT ?) GROUP BY 1, 2, 3, 4, 5, 6`,
    ).all(...params, INCIDENT_COUNT_CAP);
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
    const rows = prepared<[string], { site_id: string; clinic_name: string | null; org_id: string | null; org_name: string | null }>(
      this.#db,
      'SELECT site_id, clinic_name, org_id, org_name FROM sites WHERE site_id IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify([...siteIds]));
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
