import type Database from 'better-sqlite3-multiple-ciphers';
import { INCIDENT_COUNT_CAP, parseSearchText, type ParsedSearch } from '#shared/incidents/index.ts';
import { expandedExpression } from './fts-terms.ts';

type Connection = Database.Database;

/** A WHERE clause over `incidents i` with its parameters, from the technician's text. */
export interface IncidentFilter {
  where: string[];
  params: unknown[];
  /** True when only tallied dimensions (site, severity, level, state, check type) are filtered: counts come from the tally, exact. */
  tallyOnly: boolean;
  /** The same conditions over `incident_tally t`, when tallyOnly. */
  tallyWhere: string[];
  tallyParams: unknown[];
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
  common: { expression: string; setCondition: string } | null;
  /** The total, when the full-text index alone already gave it (a search and nothing else). */
  knownTotal: { count: number; capped: boolean } | null;
  parsed: ParsedSearch;
  notes: string[];
}

/**
 * A search matching more incidents than this is "common": the page walks the sort's index and checks
 * each row against the full-text index (a LIMIT stops it early) instead of building the whole match
 * set first, and counts and facets look at this many matches.
 */
export const FTS_CANDIDATE_CAP = INCIDENT_COUNT_CAP;

const PREFIX_END = '\u{10FFFF}';

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
  if (severity) both('severity', anyOf(severity, (value, into, column) => (into.push(value), `${column} = ?`)));
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

  const control = parsed.fields.get('control');
  if (control) {
    tallyOnly = false;
    where.push(`(${control.map((value) => `i.rowid IN (SELECT incident_rowid FROM incident_controls c WHERE ${textMatch('c.control', value, params)})`).join(' OR ')})`);
  }
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
  const match = expandedExpression(db, parsed.groups);
  if (match !== null) {
    tallyOnly = false;
    const matchSet = 'i.rowid IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?)';
    const matches = countMatches(db, match);
    if (where.length === 0 && parsed.excluded.length === 0) knownTotal = { count: Math.min(matches, FTS_CANDIDATE_CAP), capped: matches > FTS_CANDIDATE_CAP };
    common = { expression: match, setCondition: matchSet };
    if (matches > FTS_CANDIDATE_CAP) {
      countWhere.push('i.rowid IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ? LIMIT ?)');
      countParams.push(match, FTS_CANDIDATE_CAP);
      countPartial = true;
    } else {
      common = null;
      where.push(matchSet);
      params.push(match);
      countWhere.push(matchSet);
      countParams.push(match);
    }
  }
  if (parsed.excluded.length > 0) {
    tallyOnly = false;
    const excluded = expandedExpression(db, [parsed.excluded])!;
    const condition = countMatches(db, excluded) > FTS_CANDIDATE_CAP
      ? 'NOT EXISTS (SELECT 1 FROM incident_fts f WHERE incident_fts MATCH ? AND f.rowid = i.rowid)'
      : 'i.rowid NOT IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?)';
    where.push(condition);
    params.push(excluded);
    countWhere.push(condition);
    countParams.push(excluded);
  }
  return { where, params, tallyOnly, tallyWhere, tallyParams, countWhere, countParams, countPartial, knownTotal, common, parsed, notes };
}

/** How many incidents the expression matches, counted no further than one past FTS_CANDIDATE_CAP. */
function countMatches(db: Connection, match: string): number {
  const row = db
    .prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM incident_fts WHERE incident_fts MATCH ? LIMIT ?)')
    .get(match, FTS_CANDIDATE_CAP + 1);
  return row?.n ?? 0;
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
  return { where: [...filter.where, filter.common.setCondition], params: [...filter.params, filter.common.expression] };
}
