import type Database from 'better-sqlite3-multiple-ciphers';
import { INCIDENT_COUNT_CAP, SEVERITIES, parseSearchText, type ParsedSearch } from '#shared/incidents/index.ts';
import { severityRank } from './incident-records.ts';
import { tallySum } from './incident-rows.ts';
import { dimensionCheck, dimensionCondition, dimensionSearch, dimensionSet, untallied, type DimensionSearch, type DimensionValues, type Sql } from './search-dimensions.ts';

type Connection = Database.Database;

/** A WHERE clause over `incidents i` with its parameters, from the technician's text. */
export interface IncidentFilter {
  where: string[];
  params: unknown[];
  /**
   * True when only tallied dimensions (site, severity, level, state, check type) are filtered — text
   * found in check types and clinic names only counts as them (search-dimensions.ts): counts come
   * from the tally, exact.
   */
  tallyOnly: boolean;
  /** The same conditions over the tally (`tally t`), when tallyOnly. */
  tallyWhere: string[];
  tallyParams: unknown[];
  /**
   * The tallies `tallyWhere` reads: per site only when a site or org is filtered; otherwise the
   * roll-ups without the site (a few hundred rows instead of one for every few incidents).
   */
  tally: 'incident_tally' | 'incident_kind_tally';
  controlTally: 'incident_control_tally' | 'incident_control_kind_tally';
  /**
   * The tally that groups by site for `tallyWhere`: the per-site roll-up without check types unless a
   * condition names a check type.
   */
  siteTally: 'incident_tally' | 'incident_site_tally';
  /**
   * Set when every match must carry one HIPAA control and every other condition is tallied
   * (`164.308`, `control:164.312(b) severity:high`): the control tallies, which hold the tallied
   * dimensions per control, count its matches exactly.
   */
  oneControl: OneControl | null;
  /**
   * The same filter for counting: a search term that matches very many incidents is counted over its
   * first FTS_CANDIDATE_CAP matches only, so a count never reads half the cache.
   */
  countWhere: string[];
  countParams: unknown[];
  /** The count covers only some of the search's matches: any total is a lower bound. */
  countPartial: boolean;
  /**
   * A search matching more than FTS_CANDIDATE_CAP incidents, left out of `where`: the page checks rows
   * against it one by one (see IncidentList.queryIncidents), or adds `setCondition` with the expression.
   */
  common: { check: Sql; setCondition: string; setParams: unknown[] } | null;
  /** The search text's match set (its groups; not the excluded terms), null without one. */
  textSet: TextSet | null;
  /** The total, when the text's match set alone already gave it (a search and nothing else). */
  knownTotal: { count: number; capped: boolean } | null;
  /**
   * How many incidents the search text matches, exact from the tally or counted to one past
   * FTS_CANDIDATE_CAP; null without search text. With `tallied` it decides which side drives a read
   * (see `plannedConditions`).
   */
  textMatches: number | null;
  /** Incidents the tallied conditions alone select (exact, from the tally); null when there are none. */
  tallied: number | null;
  parsed: ParsedSearch;
  notes: string[];
}

/**
 * A search matching more incidents than this is "common": the page walks the sort's index and checks
 * each row against the search (a LIMIT stops it early) instead of building the whole match
 * set first, and counts and facets look at this many matches.
 */
export const FTS_CANDIDATE_CAP = INCIDENT_COUNT_CAP;

const PREFIX_END = '\u{10FFFF}';

/** The search text's match set in the forms the plans read it. */
export interface TextSet {
  /** `i.rowid IN (…)`: every match. */
  all: string;
  /** `i.rowid IN (… LIMIT ?)`: the first matches, as many as the last parameter (after `params`). */
  first: string;
  params: unknown[];
  /** One row, `c.rowid`, checked without building the set: the probe of a common search. */
  check: Sql;
}

/**
 * A row looked up by rowid in the encrypted file costs about this many index entries walked
 * (measured at 1M: 12.5 µs a row read by rowid, 0.29 µs an index entry, both under load).
 */
const ROW_READ_COST = 40;

export type ReadShape =
  /** The first `limit` rows in an index's order (a page, an anchor hop). */
  | { kind: 'ordered'; limit: number }
  /** Every match, counted or summed (a total, facets, the chart): `covered` when an index holds all the read needs. */
  | { kind: 'all'; covered: boolean };

/**
 * The conditions with the search's match set in the form that reads least. Driven by the set's
 * index, each match costs a row read; as a membership test, an index walk costs an entry per row it
 * passes. The walk passes every row the tallied conditions select when the two sets rarely meet (the
 * empty answer is the worst case), and (limit + 1) × rows / matches in order when the search is all
 * there is. `common` searches (more matches than the cap) always walk.
 */
export function plannedConditions(filter: IncidentFilter, conditions: { where: string[]; params: unknown[] }, shape: ReadShape, total: () => number): { where: string[]; params: unknown[] } {
  const set = filter.textSet;
  if (filter.textMatches === null || set === null) return conditions;
  // A common search's whole set is larger than anything it could drive well; its first matches are the cap.
  const matches = conditions.where.includes(set.all) ? (filter.common ? Number.POSITIVE_INFINITY : filter.textMatches) : FTS_CANDIDATE_CAP;
  let walk: number;
  if (shape.kind === 'ordered') {
    const rows = filter.tallied ?? total();
    walk = conditions.where.length === 1 && filter.tallied === null ? ((shape.limit + 1) * rows) / Math.max(1, Math.min(matches, rows)) : rows;
  } else {
    // Without tallied conditions the walk is the whole table (or the covering index) for every match.
    walk = filter.tallied ?? (shape.covered ? total() : Number.POSITIVE_INFINITY);
  }
  if (matches * ROW_READ_COST <= walk) return conditions;
  // As a membership test: the unary `+` keeps SQLite from driving the read by rowid, so an index on the
  // other conditions (or the sort's) walks and each entry's rowid is checked against the set (built
  // once, with a Bloom filter) without reading its row.
  return { where: conditions.where.map((condition) => (condition === set.all || condition === set.first ? `+${condition}` : condition)), params: conditions.params };
}

/** `value*` → a prefix range (uses the column's index); `a*b` → GLOB; otherwise exact (case-insensitive). */
function textMatch(column: string, value: string, params: unknown[]): string {
  const star = value.indexOf('*');
  if (star === -1) {
    params.push(value);
    return `${column} = ?`;
  }
  if (star === value.length - 1 && star > 0) {
    const prefix = value.slice(0, -1);
    params.push(prefix, prefix + PREFIX_END);
    return `(${column} >= ? AND ${column} < ?)`;
  }
  if (value.replace(/\*/g, '') === '') return '1';
  params.push(value.toLowerCase().replace(/[[\]?]/g, (character) => `[${character}]`));
  return `lower(${column}) GLOB ?`;
}

export interface OneControl {
  control: string;
  /** The control's tally with `where` (over `t`) selects its matches: per site when a site or org is named (it then reads less). */
  tally: 'incident_control_tally' | 'incident_control_kind_tally';
  where: string[];
  params: unknown[];
  /** The other conditions, without the control: over the incident tally `rowTally` (`t`), and over `incidents i`. */
  rowTally: 'incident_tally' | 'incident_kind_tally';
  others: { where: string[]; params: unknown[] };
  rows: { where: string[]; params: unknown[] };
}

export function buildIncidentFilter(db: Connection, text: string, nowMs: number): IncidentFilter {
  const parsed = parseSearchText(text);
  const where: string[] = [];
  const params: unknown[] = [];
  const tallyWhere: string[] = [];
  const tallyParams: unknown[] = [];
  const notes = [...parsed.notes];
  let tallyOnly = true;
  const both = (column: string, build: (column: string, params: unknown[]) => string) => {
    where.push(build(`i.${column}`, params));
    tallyWhere.push(build(`t.${column}`, tallyParams));
  };
  const anyOf = (values: string[], one: (value: string, params: unknown[], column: string) => string) => (column: string, into: unknown[]) =>
    `(${values.map((value) => one(value, into, column)).join(' OR ')})`;

  const severity = parsed.fields.get('severity');
  if (severity) {
    // The list filters on the indexed rank (a known severity has a rank of its own); the tally holds the name.
    where.push(`(${severity.map((value) => severityCondition(value, params)).join(' OR ')})`);
    tallyWhere.push(anyOf(severity, (value, into, column) => (into.push(value), `${column} = ?`))('t.severity', tallyParams));
  }
  const level = parsed.fields.get('level');
  if (level) both('level', anyOf(level, (value, into, column) => (into.push(value), `${column} = ?`)));
  const state = parsed.fields.get('is');
  if (state && new Set(state).size === 1) both('resolved', (column, into) => (into.push(state[0] === 'resolved' ? 1 : 0), `${column} = ?`));
  const check = parsed.fields.get('check');
  if (check) both('check_type', anyOf(check, (value, into, column) => textMatch(column, value, into)));

  const siteValues = parsed.fields.get('site');
  const orgValues = parsed.fields.get('org');
  for (const [field, values] of [['site', siteValues], ['org', orgValues]] as const) {
    if (!values) continue;
    const siteIds = matchingSites(db, field, values);
    if (siteIds.length === 0) notes.push(`No cached ${field === 'site' ? 'site' : 'organization'} matches "${values.join('", "')}".`);
    const placeholders = siteIds.map(() => '?').join(', ');
    const clause = siteIds.length === 0 ? '0' : `{col} IN (${placeholders})`;
    where.push(clause.replace('{col}', 'i.site_id'));
    params.push(...siteIds);
    tallyWhere.push(clause.replace('{col}', 't.site_id'));
    tallyParams.push(...siteIds);
  }

  // The tallied fields' conditions over the rows, before any the tallies cannot count.
  const talliedFields = { where: [...where], params: [...params] };
  // `control:` joins the search words as one more group (below): the controls it names, read like theirs.
  const control = parsed.fields.get('control');
  if (control) tallyOnly = false;
  const host = parsed.fields.get('host');
  if (host) {
    tallyOnly = false;
    where.push(`(${host.map((value) => textMatch('i.hostname', value, params)).join(' OR ')})`);
  }
  if (parsed.newerThanMs !== null) {
    tallyOnly = false;
    where.push('i.created_at >= ?');
    params.push(new Date(nowMs - parsed.newerThanMs).toISOString());
  }
  if (parsed.olderThanMs !== null) {
    tallyOnly = false;
    where.push('i.created_at < ?');
    params.push(new Date(nowMs - parsed.olderThanMs).toISOString());
  }
  const countWhere = [...where];
  const countParams = [...params];
  let countPartial = false;
  let knownTotal: IncidentFilter['knownTotal'] = null;
  let common: IncidentFilter['common'] = null;
  let textSet: TextSet | null = null;
  let textMatches: number | null = null;
  /** The text's conditions over the tally, added once `tallied` has sized the other conditions. */
  const textTally: Sql[] = [];
  const dimensions = withControlField(db, dimensionSearch(db, parsed), control);
  // The text as conditions on check type, site, controls and detail text (search-dimensions.ts):
  // without the last two it is a tallied condition, counted exactly from the tallies.
  const textTallied = !untallied(dimensions);
  if (!textTallied) tallyOnly = false;
  const namesSite = everyValueSet(dimensions).some((values) => values.siteIds.length > 0);
  const textBySite = textTallied && namesSite;
  const groupTally = dimensions.groups.map((values) => dimensionCondition(values, 't'));
  if (dimensions.groups.length > 0) {
    // Summed from the roll-up without sites unless the groups name one (the per-site tally has a row
    // for every few incidents, and a check type is not its key's first column).
    const tallyOf = (groups: DimensionValues[]) => sumOver(db, groups.some((values) => values.siteIds.length > 0) ? 'incident_tally' : 'incident_kind_tally', groups.map((values) => dimensionCondition(values, 't')));
    const set = dimensionSet(dimensions.groups, textTallied && dimensions.groups.length > 1 ? dimensions.groups.map((values) => tallyOf([values])) : null);
    if (set === null) {
      // Some group names no cached value: nothing matches.
      where.push('0');
      countWhere.push('0');
      textMatches = 0;
    } else {
      textSet = { all: `i.rowid IN (${set.sql})`, first: `i.rowid IN (SELECT r FROM (${set.sql}) LIMIT ?)`, params: set.params, check: dimensionCheck(dimensions.groups) };
      const controlGroup = textTallied ? null : oneControlGroup(dimensions);
      textMatches = textTallied
        ? tallyOf(dimensions.groups)
        : controlGroup
          ? controlTallyOf(db, controlGroup)
          : countPastCap(db, `SELECT 1 FROM (${set.sql})`, set.params);
    }
  }
  if (textTallied) textTally.push(...groupTally);
  if (dimensions.excluded) {
    const excluded = dimensionCondition(dimensions.excluded, 'i');
    where.push(`NOT ${excluded.sql}`);
    params.push(...excluded.params);
    countWhere.push(`NOT ${excluded.sql}`);
    countParams.push(...excluded.params);
    if (textTallied) {
      const excludedTally = dimensionCondition(dimensions.excluded, 't');
      textTally.push({ sql: `NOT ${excludedTally.sql}`, params: excludedTally.params });
    }
  }
  if (textSet !== null && textMatches !== null) {
    if (where.length === 0) knownTotal = { count: Math.min(textMatches, FTS_CANDIDATE_CAP), capped: textMatches > FTS_CANDIDATE_CAP };
    if (textMatches > FTS_CANDIDATE_CAP) {
      common = { check: textSet.check, setCondition: textSet.all, setParams: textSet.params };
      countWhere.push(textSet.first);
      countParams.push(...textSet.params, FTS_CANDIDATE_CAP);
      countPartial = true;
    } else {
      where.push(textSet.all);
      params.push(...textSet.params);
      countWhere.push(textSet.all);
      countParams.push(...textSet.params);
    }
  }
  const bySite = siteValues !== undefined || orgValues !== undefined || textBySite;
  const tally = bySite ? 'incident_tally' : 'incident_kind_tally';
  const controlTally = bySite ? 'incident_control_tally' : 'incident_control_kind_tally';
  const textNamesCheckType = textTallied && everyValueSet(dimensions).some((values) => values.checkTypes.length > 0);
  const siteTally = check || textNamesCheckType ? 'incident_tally' : 'incident_site_tally';
  const tallied = tallyWhere.length === 0 ? null : tallySum(db, tally, tallyWhere, tallyParams);
  // After `tallied`, which sizes the walk of the other conditions' index (the text's own set is sized by `textMatches`).
  for (const condition of textTally) {
    tallyWhere.push(condition.sql);
    tallyParams.push(...condition.params);
  }
  const fieldsBySite = siteValues !== undefined || orgValues !== undefined;
  const oneControl = oneControlOf(parsed, dimensions, { where: tallyWhere, params: tallyParams }, talliedFields, fieldsBySite || namesSite);
  return { where, params, tallyOnly, tallyWhere, tallyParams, tally, controlTally, siteTally, oneControl, countWhere, countParams, countPartial, knownTotal, textMatches, textSet, tallied, common, parsed, notes };
}

/**
 * The one control every match must carry, when it is the only condition the tallies cannot count: a
 * search word group (or the `control:` field) that names one control and nothing else, beside tallied
 * groups and fields. Null otherwise.
 */
function oneControlOf(
  parsed: ParsedSearch,
  dimensions: DimensionSearch,
  tallied: { where: string[]; params: unknown[] },
  talliedFields: { where: string[]; params: unknown[] },
  perSite: boolean,
): OneControl | null {
  if (parsed.fields.has('host') || parsed.newerThanMs !== null || parsed.olderThanMs !== null) return null;
  const where = [...tallied.where];
  const params = [...tallied.params];
  const rows = { where: [...talliedFields.where], params: [...talliedFields.params] };
  const grouped = oneControlGroup(dimensions);
  if (grouped === null) return null;
  const { control, others } = grouped;
  // The tally text conditions left the other groups and the excluded words out: they are tallied here.
  for (const values of others) add(where, params, dimensionCondition(values, 't'));
  if (dimensions.excluded) add(where, params, dimensionCondition(dimensions.excluded, 't'), 'NOT ');
  for (const values of others) add(rows.where, rows.params, dimensionCondition(values, 'i'));
  if (dimensions.excluded) add(rows.where, rows.params, dimensionCondition(dimensions.excluded, 'i'), 'NOT ');
  return {
    control,
    tally: perSite ? 'incident_control_tally' : 'incident_control_kind_tally',
    where: [...where, 't.control = ?'],
    params: [...params, control],
    rowTally: perSite ? 'incident_tally' : 'incident_kind_tally',
    others: { where, params },
    rows,
  };
}

/**
 * The search with `control:` as one more group: the cached controls its values name (each exact,
 * `prefix*` or a `*` pattern, case-insensitively), any of them. A group naming none matches nothing.
 */
function withControlField(db: Connection, search: DimensionSearch, values: string[] | undefined): DimensionSearch {
  if (!values) return search;
  const controls = new Set<string>();
  for (const value of values) {
    const params: unknown[] = [];
    const condition = textMatch('t.control', value, params);
    for (const name of db.prepare<unknown[], string>(`SELECT DISTINCT t.control FROM incident_control_kind_tally t WHERE t.n > 0 AND ${condition}`).pluck().all(...params)) controls.add(name);
  }
  return { ...search, groups: [...search.groups, { checkTypes: [], siteIds: [], controls: [...controls], details: [] }] };
}

/** The search words' one control, when a single group names it and nothing else and every other group and the excluded words are tallied. */
function oneControlGroup(dimensions: DimensionSearch): { control: string; others: DimensionValues[] } | null {
  const carriers = dimensions.groups.filter((values) => values.controls.length > 0 || values.details.length > 0);
  const [only] = carriers;
  if (carriers.length !== 1 || !only || only.controls.length !== 1 || only.details.length > 0 || only.checkTypes.length > 0 || only.siteIds.length > 0) return null;
  if (dimensions.excluded && untallied({ groups: [], excluded: dimensions.excluded })) return null;
  return { control: only.controls[0]!, others: dimensions.groups.filter((group) => group !== only) };
}

function add(where: string[], params: unknown[], condition: Sql, prefix = ''): void {
  where.push(`${prefix}${condition.sql}`);
  params.push(...condition.params);
}

function severityCondition(value: string, params: unknown[]): string {
  const rank = severityRank(value);
  if (rank < SEVERITIES.length) {
    params.push(rank);
    return 'i.severity_rank = ?';
  }
  params.push(rank, value);
  return '(i.severity_rank = ? AND i.severity = ?)';
}

/** The incidents that carry the group's control and match the other groups, exactly from the control tallies. */
function controlTallyOf(db: Connection, { control, others }: { control: string; others: DimensionValues[] }): number {
  const table = others.some((values) => values.siteIds.length > 0) ? 'incident_control_tally' : 'incident_control_kind_tally';
  return sumOver(db, table, [...others.map((values) => dimensionCondition(values, 't')), { sql: 't.control = ?', params: [control] }]);
}

function sumOver(db: Connection, table: string, conditions: readonly Sql[]): number {
  return tallySum(db, table, conditions.map((condition) => condition.sql), conditions.flatMap((condition) => condition.params));
}

/** The search's groups and its excluded words, each a set of named values. */
function everyValueSet(dimensions: DimensionSearch): DimensionValues[] {
  return dimensions.excluded ? [...dimensions.groups, dimensions.excluded] : dimensions.groups;
}

/** How many rows `select` gives, counted no further than one past FTS_CANDIDATE_CAP. */
function countPastCap(db: Connection, select: string, params: unknown[]): number {
  return db.prepare<unknown[], number>(`SELECT count(*) FROM (${select} LIMIT ?)`).pluck().get(...params, FTS_CANDIDATE_CAP + 1) ?? 0;
}

/** Site ids whose id equals the value or whose clinic (org) name contains it, case-insensitively. */
function matchingSites(db: Connection, field: 'site' | 'org', values: string[]): string[] {
  const found = new Set<string>();
  const select =
    field === 'site'
      ? db.prepare<[string, string], { site_id: string }>(`SELECT site_id FROM sites WHERE site_id = ? COLLATE NOCASE OR instr(cc_fold(clinic_name), ?) > 0`)
      : db.prepare<[string, string], { site_id: string }>(`SELECT site_id FROM sites WHERE org_id = ? COLLATE NOCASE OR instr(cc_fold(org_name), ?) > 0`);
  for (const value of values) {
    const bare = value.replace(/\*+$/u, '');
    for (const row of select.all(bare, bare.normalize('NFKC').toLowerCase())) found.add(row.site_id);
    // A site the fleet list has not brought (yet) is still matched by its exact id.
    if (field === 'site') found.add(bare);
  }
  return [...found];
}

/** The conditions that select every match, a very common search included (which `where` leaves out). */
export function matchConditions(filter: IncidentFilter): { where: string[]; params: unknown[] } {
  if (!filter.common) return { where: filter.where, params: filter.params };
  return { where: [...filter.where, filter.common.setCondition], params: [...filter.params, ...filter.common.setParams] };
}
