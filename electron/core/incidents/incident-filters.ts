import type Database from 'better-sqlite3-multiple-ciphers';
import { INCIDENT_COUNT_CAP, SEVERITIES, parseSearchText, type ParsedSearch } from '#shared/incidents/index.ts';
import { severityRank } from './incident-records.ts';
import { tallySum } from './incident-rows.ts';
import { SITE_MERGE_BUDGET } from './incident-site-window.ts';
import { controlLists, listsNaming, type ControlLists } from './control-lists.ts';
import { cachedControls, dimensionCheck, dimensionCondition, dimensionSearch, dimensionSet, type DimensionSearch, type DimensionValues, type Sql } from './search-dimensions.ts';
import { prepared } from '../cache/prepared-statements.ts';

type Connection = Database.Database;

/** A WHERE clause over `incidents i` with its parameters, from the technician's text. */
export interface IncidentFilter {
  where: string[];
  params: unknown[];
  /**
   * True when only tallied dimensions (site, severity, level, state, check type, HIPAA controls) are
   * filtered — text found in check types, clinic names and controls only counts as them
   * (search-dimensions.ts): counts come from the tallies, exact.
   */
  tallyOnly: boolean;
  /** The same conditions over the tally (`tally t`), when tallyOnly. */
  tallyWhere: string[];
  tallyParams: unknown[];
  /**
   * The tallies `tallyWhere` reads: per site only when a site or org is filtered; otherwise the
   * roll-ups without the site (a few hundred rows instead of one for every few incidents). A search
   * naming controls reads the control-list tallies (cache migration 11), which hold every other
   * tallied dimension too.
   */
  tally: Tally;
  /** The control-list tally for the control facet (per site when `tally` is). */
  controlListTally: ControlListTally;
  /** A site, org or clinic name is filtered: `tally` and `controlListTally` are the per-site ones. */
  perSite: boolean;
  /** `tallyWhere` starts by naming every cached control list (a control-list tally read by seeks on its key's first column). */
  tallyNamesEveryList: boolean;
  /**
   * The tally that groups by site for `tallyWhere`: the per-site roll-up without check types unless a
   * condition names a check type; the per-site control-list tally when one names controls.
   */
  siteTally: 'incident_tally' | 'incident_site_tally' | 'incident_control_set_tally';
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
  /**
   * The field filters, one condition each of the first `fields.length` of `where`, before the text's
   * (incident-sort-walk.ts reads them): the column it tests, and its condition over the tally (none for
   * `host:` and `age:`, which the tally does not count; see talliedFields).
   */
  fields: FieldFilter[];
  /** The few sites every match lies in, when a page in time order can merge their index entries (incident-site-window.ts; not for a match set within its budget); else null. */
  sites: SiteRestriction | null;
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

export interface FieldFilter {
  column: string;
  tally: Sql | null;
}

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
 * The sites every match lies in (a group of the text naming only clinics, or `site:` / `org:`), with the
 * other conditions apart: `where` over `incidents i` holds only columns `incidents_by_site` carries, and
 * `check` over `c` (its rowid, check type, site and `rowColumns`) holds the severity, the text's other
 * groups and its excluded words (null when there are none: the sites' entries under `where` are then
 * exactly the matches).
 */
export interface SiteRestriction {
  siteIds: string[];
  where: string[];
  params: unknown[];
  check: Sql | null;
  /** Columns `check` reads from each entry's row (not in the index): a read per entry. */
  rowColumns: string[];
}

/** More sites than this are not merged: each is one arm of the read's compound SELECT. */
const MAX_MERGED_SITES = 16;

/**
 * A row looked up by rowid in the encrypted file costs about this many index entries walked
 * (measured at 1M: 12.5 µs a row read by rowid, 0.29 µs an index entry, both under load).
 */
export const ROW_READ_COST = 40;

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

type ControlListTally = 'incident_control_set_tally' | 'incident_control_set_kind_tally';
type Tally = 'incident_tally' | 'incident_kind_tally' | ControlListTally;

/** The tally of totals and facets: per site or not, and by control list when the search names controls. */
function tallyFor(perSite: boolean, byControlList: boolean): Tally {
  if (byControlList) return perSite ? 'incident_control_set_tally' : 'incident_control_set_kind_tally';
  return perSite ? 'incident_tally' : 'incident_kind_tally';
}

/**
 * How many incidents the field filters on `columns` alone select, exactly: from the roll-up without
 * sites unless a site is among them (the per-site tally has a row for every few incidents; summing the
 * state over it took ~5 ms at 1M).
 */
export function talliedFields(db: Connection, filter: Pick<IncidentFilter, 'fields'>, columns: readonly string[]): number {
  const conditions = filter.fields.flatMap((field) => (field.tally !== null && columns.includes(field.column) ? [field.tally] : []));
  return tallySum(db, tallyFor(columns.includes('site_id'), false), conditions.map((condition) => condition.sql), conditions.flatMap((condition) => condition.params));
}

/** A text group that names values of one column only, clinics or check types. */
function namesOneColumn(values: DimensionValues): boolean {
  return values.controls.length === 0 && values.details.length === 0 && (values.siteIds.length > 0) !== (values.checkTypes.length > 0);
}

export function buildIncidentFilter(db: Connection, text: string, nowMs: number, options: { textAsFields?: boolean } = {}): IncidentFilter {
  const parsed = parseSearchText(text);
  const where: string[] = [];
  const params: unknown[] = [];
  const tallyWhere: string[] = [];
  const tallyParams: unknown[] = [];
  const notes = [...parsed.notes];
  let tallyOnly = true;
  /** The field filters, in `where`'s order: each is one condition of it, with its condition over the tally where it has one. */
  const fields: Array<FieldFilter & Sql> = [];
  const field = (column: string, condition: Sql, tally: Sql | null = null) => {
    fields.push({ column, ...condition, tally });
    where.push(condition.sql);
    params.push(...condition.params);
    if (tally === null) return;
    tallyWhere.push(tally.sql);
    tallyParams.push(...tally.params);
  };
  const sqlOf = (build: (params: unknown[]) => string): Sql => {
    const own: unknown[] = [];
    return { sql: build(own), params: own };
  };
  const both = (column: string, build: (column: string, params: unknown[]) => string) =>
    field(column, sqlOf((into) => build(`i.${column}`, into)), sqlOf((into) => build(`t.${column}`, into)));
  const anyOf = (values: string[], one: (value: string, params: unknown[], column: string) => string) => (column: string, into: unknown[]) =>
    `(${values.map((value) => one(value, into, column)).join(' OR ')})`;

  const severity = parsed.fields.get('severity');
  if (severity) {
    // The list filters on the indexed rank (a known severity has a rank of its own); the tally holds the name.
    field('severity_rank', severityOf(severity, 'i'), sqlOf((into) => anyOf(severity, (value, target, column) => (target.push(value), `${column} = ?`))('t.severity', into)));
  }
  const level = parsed.fields.get('level');
  if (level) both('level', anyOf(level, (value, into, column) => (into.push(value), `${column} = ?`)));
  const state = parsed.fields.get('is');
  if (state && new Set(state).size === 1) both('resolved', (column, into) => (into.push(state[0] === 'resolved' ? 1 : 0), `${column} = ?`));
  const check = parsed.fields.get('check');
  if (check) both('check_type', anyOf(check, (value, into, column) => textMatch(column, value, into)));

  const siteValues = parsed.fields.get('site');
  const orgValues = parsed.fields.get('org');
  const fieldSites: string[][] = [];
  for (const [named, values] of [['site', siteValues], ['org', orgValues]] as const) {
    if (!values) continue;
    const siteIds = matchingSites(db, named, values);
    fieldSites.push(siteIds);
    if (siteIds.length === 0) notes.push(`No cached ${named === 'site' ? 'site' : 'organization'} matches "${values.join('", "')}".`);
    const placeholders = siteIds.map(() => '?').join(', ');
    const clause = siteIds.length === 0 ? '0' : `{col} IN (${placeholders})`;
    field('site_id', { sql: clause.replace('{col}', 'i.site_id'), params: siteIds }, { sql: clause.replace('{col}', 't.site_id'), params: siteIds });
  }

  // `control:` joins the search words as one more group (below): the controls it names, read like theirs.
  const control = parsed.fields.get('control');
  const host = parsed.fields.get('host');
  if (host) {
    tallyOnly = false;
    field('hostname', sqlOf((into) => `(${host.map((value) => textMatch('i.hostname', value, into)).join(' OR ')})`));
  }
  if (parsed.newerThanMs !== null) {
    tallyOnly = false;
    field('created_at', { sql: 'i.created_at >= ?', params: [new Date(nowMs - parsed.newerThanMs).toISOString()] });
  }
  if (parsed.olderThanMs !== null) {
    tallyOnly = false;
    field('created_at', { sql: 'i.created_at < ?', params: [new Date(nowMs - parsed.olderThanMs).toISOString()] });
  }
  let dimensions = withControlField(db, dimensionSearch(db, parsed), control);
  // The text as conditions on check type, site, controls and detail text (search-dimensions.ts):
  // without the last it is a tallied condition, counted exactly from the tallies (the controls from
  // the control-list tallies, unless the cache holds too many lists to name).
  const named = everyValueSet(dimensions);
  const namesControls = named.some((values) => values.controls.length > 0);
  const namesDetails = named.some((values) => values.details.length > 0);
  const lists = namesControls && !namesDetails ? controlLists(db) : null;
  const textTallied = !namesDetails && (!namesControls || lists !== null);
  if (!textTallied) tallyOnly = false;
  // Asked for (a sort other than time): a text group naming only clinics, or only check types, is the
  // field it names, so the page can choose its index like any field's (incident-sort-walk.ts) instead of
  // building its match set (`riverside is:open` by severity at 1M: the clinics' 20,000 matches, 13–26 ms).
  const textFields = options.textAsFields === true && textTallied && dimensions.groups.length > 0 && dimensions.groups.every(namesOneColumn);
  for (const values of textFields ? dimensions.groups : []) {
    const [column, named] = values.siteIds.length > 0 ? ['site_id', values.siteIds] : ['check_type', values.checkTypes];
    const list = named.map(() => '?').join(', ');
    field(column, { sql: `i.${column} IN (${list})`, params: named }, { sql: `t.${column} IN (${list})`, params: named });
  }
  if (textFields) dimensions = { ...dimensions, groups: [] };
  const countWhere = [...where];
  const countParams = [...params];
  // The field conditions for a read of the sites' index entries: all but the hostname and the severity,
  // which that index does not carry; the severity is checked on each entry's row instead.
  const siteReadable = !host;
  const severityOnRow = severity ? severityOf(severity, 'c') : null;
  const inSiteIndex = fields.filter((condition) => condition.column !== 'severity_rank');
  let countPartial = false;
  let knownTotal: IncidentFilter['knownTotal'] = null;
  let common: IncidentFilter['common'] = null;
  let textSet: TextSet | null = null;
  let textMatches: number | null = null;
  /** The text's conditions over the tally, added once `tallied` has sized the other conditions. */
  const textTally: Sql[] = [];
  const talliedOf = (values: DimensionValues) => talliedCondition(values, lists);
  const namesSite = named.some((values) => values.siteIds.length > 0);
  const textBySite = textTallied && namesSite;
  if (dimensions.groups.length > 0) {
    // Summed from the roll-up without sites unless the groups name one (the per-site tally has a row
    // for every few incidents, and a check type is not its key's first column).
    // By control list only when they name controls: its key starts with the list, so a site is not a seek there.
    const tallyOf = (groups: DimensionValues[]) =>
      sumOver(db, tallyFor(groups.some((values) => values.siteIds.length > 0), groups.some((values) => values.controls.length > 0)), groups.map(talliedOf));
    const set = dimensionSet(dimensions.groups, textTallied && dimensions.groups.length > 1 ? dimensions.groups.map((values) => tallyOf([values])) : null);
    if (set === null) {
      // Some group names no cached value: nothing matches.
      where.push('0');
      countWhere.push('0');
      textMatches = 0;
    } else {
      textSet = { all: `i.rowid IN (${set.sql})`, first: `i.rowid IN (SELECT r FROM (${set.sql}) LIMIT ?)`, params: set.params, check: dimensionCheck(dimensions.groups) };
      textMatches = textTallied ? tallyOf(dimensions.groups) : countPastCap(db, `SELECT 1 FROM (${set.sql})`, set.params);
    }
  }
  if (textTallied) textTally.push(...dimensions.groups.map(talliedOf));
  if (dimensions.excluded) {
    const excluded = dimensionCondition(dimensions.excluded, 'i');
    where.push(`NOT ${excluded.sql}`);
    params.push(...excluded.params);
    countWhere.push(`NOT ${excluded.sql}`);
    countParams.push(...excluded.params);
    if (textTallied) {
      const excludedTally = talliedOf(dimensions.excluded);
      textTally.push({ sql: `NOT ${excludedTally.sql}`, params: excludedTally.params });
    }
  }
  // A match set within the merged read's budget is cheaper read whole than checked entry by entry (a detail
  // word is a full-text seek per entry: `svc-42 riverside` at 1M checked 1,000 entries, ~0.4 ms each, for 35 matches).
  const smallSet = textMatches !== null && textMatches <= SITE_MERGE_BUDGET;
  const sites = siteReadable && !smallSet && (dimensions.groups.length === 0 || textSet !== null) ? siteRestriction(dimensions, fieldSites, inSiteIndex, severityOnRow) : null;
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
  const byControlList = textTallied && namesControls;
  const tally = tallyFor(bySite, byControlList);
  const controlListTally = bySite ? 'incident_control_set_tally' : 'incident_control_set_kind_tally';
  const textNamesCheckType = textTallied && named.some((values) => values.checkTypes.length > 0);
  const siteTally = byControlList ? 'incident_control_set_tally' : check || textNamesCheckType ? 'incident_tally' : 'incident_site_tally';
  // The fields name no control: summed from the roll-up without sites unless a field names sites (a clinic
  // named by the text alone is not among these conditions yet: at 1M `riverside level:L3` summed 91,000
  // per-site rows for its level, ~10 ms, against 384). `tallyWhere` holds the fields' conditions only so far.
  const tallied = tallyWhere.length === 0 ? null : talliedFields(db, { fields }, fields.map((condition) => condition.column));
  // After `tallied`, which sizes the walk of the other conditions' index (the text's own set is sized by `textMatches`).
  for (const condition of textTally) {
    tallyWhere.push(condition.sql);
    tallyParams.push(...condition.params);
  }
  const tallyNamesEveryList = byControlList && lists !== null;
  if (byControlList && lists) {
    // The control-list tallies' key starts with the list: naming every cached list makes a site (or an
    // excluded control) a seek per (list, site) in the per-site one instead of a read of all of it.
    tallyWhere.unshift(`t.controls IN (${lists.keys.map(() => '?').join(', ')})`);
    tallyParams.unshift(...lists.keys);
  }
  return { where, params, tallyOnly, tallyWhere, tallyParams, tally, controlListTally, perSite: bySite, tallyNamesEveryList, siteTally, countWhere, countParams, countPartial, knownTotal, textMatches, textSet, fields: fields.map(({ column, tally }) => ({ column, tally })), sites, tallied, common, parsed, notes };
}

/**
 * The smallest site list every match must be in — a text group naming only clinics, or a `site:` /
 * `org:` field's — with the severity (`onRow`), the other groups and the excluded words as the check over
 * `c`; the other field conditions (all in the site index) stay `where`. Null without one, or with more
 * than MAX_MERGED_SITES.
 */
function siteRestriction(dimensions: DimensionSearch, fieldSites: readonly string[][], fields: readonly Sql[], onRow: Sql | null): SiteRestriction | null {
  const onlySites = (values: DimensionValues) => values.siteIds.length > 0 && values.checkTypes.length + values.controls.length + values.details.length === 0;
  const candidates = [
    ...dimensions.groups.flatMap((values, group) => (onlySites(values) ? [{ siteIds: values.siteIds, group }] : [])),
    ...fieldSites.map((siteIds) => ({ siteIds, group: -1 })),
  ];
  if (candidates.length === 0) return null;
  const chosen = candidates.reduce((smallest, candidate) => (candidate.siteIds.length < smallest.siteIds.length ? candidate : smallest));
  if (chosen.siteIds.length === 0 || chosen.siteIds.length > MAX_MERGED_SITES) return null;
  const checks = dimensions.groups.filter((_, group) => group !== chosen.group).map((values) => dimensionCondition(values, 'c'));
  if (onRow) checks.unshift(onRow);
  if (dimensions.excluded) {
    const excluded = dimensionCondition(dimensions.excluded, 'c');
    checks.push({ sql: `NOT ${excluded.sql}`, params: excluded.params });
  }
  return {
    siteIds: chosen.siteIds,
    // Off the other indexes: without statistics SQLite may take `level = ?` as the selective one and
    // walk all L1 incidents; the site index carries every one of these columns.
    where: fields.map((condition) => `+(${condition.sql})`),
    params: fields.flatMap((condition) => condition.params),
    check: checks.length === 0 ? null : { sql: checks.map((check) => check.sql).join(' AND '), params: checks.flatMap((check) => check.params) },
    rowColumns: onRow ? ['severity_rank', 'severity'] : [],
  };
}

/**
 * One group's match over a tally `t`: its check types and sites as columns, its controls as the
 * control lists that name one of them ('0' when it names nothing cached). Without `lists` the group
 * must name no control.
 */
function talliedCondition(values: DimensionValues, lists: ControlLists | null): Sql {
  const columns = dimensionCondition({ ...values, controls: [], details: [] }, 't');
  const parts = columns.sql === '0' ? [] : [columns.sql];
  const params = columns.sql === '0' ? [] : [...columns.params];
  const named = values.controls.length > 0 && lists ? listsNaming(lists, values.controls) : [];
  if (named.length > 0) {
    parts.push(`t.controls IN (${named.map(() => '?').join(', ')})`);
    params.push(...named);
  }
  return { sql: parts.length === 0 ? '0' : `(${parts.join(' OR ')})`, params };
}

/**
 * The search with `control:` as one more group: the cached controls its values name (each exact,
 * `prefix*` or a `*` pattern, case-insensitively), any of them. A group naming none matches nothing.
 */
function withControlField(db: Connection, search: DimensionSearch, values: string[] | undefined): DimensionSearch {
  if (!values) return search;
  const controls = new Set<string>();
  const cached = JSON.stringify(cachedControls(db));
  for (const value of values) {
    const params: unknown[] = [];
    // Compared as the control column compares them: without case.
    const condition = textMatch('(t.value COLLATE NOCASE)', value, params);
    for (const name of prepared<unknown[], string>(db, `SELECT t.value FROM json_each(?) t WHERE ${condition}`).pluck().all(cached, ...params)) controls.add(name);
  }
  return { ...search, groups: [...search.groups, { checkTypes: [], siteIds: [], controls: [...controls], details: [] }] };
}

/** Any of the severities, over the row `alias`. */
function severityOf(values: readonly string[], alias: string): Sql {
  const params: unknown[] = [];
  return { sql: `(${values.map((value) => severityCondition(value, params, alias)).join(' OR ')})`, params };
}

function severityCondition(value: string, params: unknown[], alias: string): string {
  const rank = severityRank(value);
  if (rank < SEVERITIES.length) {
    params.push(rank);
    return `${alias}.severity_rank = ?`;
  }
  params.push(rank, value);
  return `(${alias}.severity_rank = ? AND ${alias}.severity = ?)`;
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
  return prepared<unknown[], number>(db, `SELECT count(*) FROM (${select} LIMIT ?)`).pluck().get(...params, FTS_CANDIDATE_CAP + 1) ?? 0;
}

/** Site ids whose id equals the value or whose clinic (org) name contains it, case-insensitively. */
function matchingSites(db: Connection, field: 'site' | 'org', values: string[]): string[] {
  const found = new Set<string>();
  const select =
    field === 'site'
      ? prepared<[string, string], { site_id: string }>(db, `SELECT site_id FROM sites WHERE site_id = ? COLLATE NOCASE OR instr(cc_fold(clinic_name), ?) > 0`)
      : prepared<[string, string], { site_id: string }>(db, `SELECT site_id FROM sites WHERE org_id = ? COLLATE NOCASE OR instr(cc_fold(org_name), ?) > 0`);
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
