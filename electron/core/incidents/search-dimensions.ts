import type Database from 'better-sqlite3-multiple-ciphers';
import { ftsPhrase, type ParsedSearch, type SearchTerm } from '#shared/incidents/index.ts';
import { expandedExpression } from './fts-terms.ts';
import { inTextColumns, ofSites } from './incident-fts-sites.ts';
import { KeptUntilCommit } from './kept-until-commit.ts';
import { prepared } from '../cache/prepared-statements.ts';

type Connection = Database.Database;

/** The values of the three small dimensions some phrases name: an incident matches when one of its own is among them. */
export interface DimensionValues {
  checkTypes: string[];
  siteIds: string[];
  controls: string[];
  /**
   * The phrases as one FTS5 expression over the full-text index (hostname and drift text of the cached
   * details), when some phrase of the search occurs in one; else empty. At most one.
   */
  details: string[];
}

/**
 * The search text as conditions on the incidents' own columns: each group (an OR of phrases) as the
 * check types, sites and controls its phrases name, and the excluded phrases likewise.
 */
export interface DimensionSearch {
  groups: DimensionValues[];
  excluded: DimensionValues | null;
}

/** Each connection's temporary index of the cached values, built again after a commit (the reader never writes, so a commit elsewhere changes its version). */
const vocabulary = new KeptUntilCommit(buildVocabulary);

/**
 * The search as dimension conditions. A phrase lives in one field of an incident: the check type, the
 * site's clinic name (its id for a site the fleet list has not brought), one HIPAA control, the
 * hostname or the drift text. So a phrase matches an incident exactly when its check type, its site's
 * name or one of its controls does, or its hostname or drift text; the first three are matched by
 * FTS5 itself, in a temporary index of every cached value with the same tokenizer and prefix rules,
 * so the words match as the full-text index would match them, and the site's name is the fleet list's
 * current one. A phrase matches within one control (`"b 164"` does not run from one into the next).
 * The hostname and drift part — the full-text index, which holds only cached details — is left out
 * of each group whose phrases occur in no cached detail (a probe each).
 */
export function dimensionSearch(db: Connection, parsed: ParsedSearch): DimensionSearch {
  if (parsed.groups.length === 0 && parsed.excluded.length === 0) return { groups: [], excluded: null };
  vocabulary.get(db);
  const match = prepared<[string], { kind: string; value: string }>(db, 'SELECT kind, value FROM temp.incident_dimension_words WHERE incident_dimension_words MATCH ?');
  const valuesOf = (phrases: SearchTerm[]): DimensionValues => {
    // A group whose words no cached detail holds gets no full-text arm (one probe each: `hklm riverside`'s
    // clinics then name sites only and read like `site:`, where they had read all 133,000 details holding
    // "hklm" at 1M because the text as a whole occurred in a detail).
    // Kept to the text columns: the index's `site` column holds a token per site (incident-fts-sites.ts).
    const expression = inTextColumns(expandedExpression(db, [phrases])!);
    const found: DimensionValues = { checkTypes: [], siteIds: [], controls: [], details: inDetails(db, expression) ? [expression] : [] };
    const seen = new Set<string>();
    for (const phrase of phrases) {
      for (const { kind, value } of match.all(`words : ${ftsPhrase(phrase)}`)) {
        if (seen.has(`${kind}\u0000${value}`)) continue;
        seen.add(`${kind}\u0000${value}`);
        (kind === 'check' ? found.checkTypes : kind === 'site' ? found.siteIds : found.controls).push(value);
      }
    }
    return found;
  };
  return { groups: parsed.groups.map(valuesOf), excluded: parsed.excluded.length === 0 ? null : valuesOf(parsed.excluded) };
}

/** Whether any cached hostname or drift text matches: the full-text index holds only the cached details, so one match is cheap. */
function inDetails(db: Connection, expression: string): boolean {
  return prepared<[string], number>(db, 'SELECT 1 FROM incident_fts WHERE incident_fts MATCH ? LIMIT 1').pluck().get(expression) !== undefined;
}

/** The cached check types, sites and controls in the temporary index. */
function buildVocabulary(db: Connection): true {
  const checkTypes = prepared<[], string>(db, 'SELECT DISTINCT check_type FROM incident_kind_tally WHERE n > 0').pluck().all();
  const controls = cachedControls(db);
  const sites = siteNames(db);
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.incident_dimension_words USING fts5(kind UNINDEXED, value UNINDEXED, words, tokenize = 'unicode61 remove_diacritics 2')`);
  db.exec('DELETE FROM temp.incident_dimension_words');
  const insert = prepared<[string, string, string]>(db, 'INSERT INTO temp.incident_dimension_words (kind, value, words) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const type of checkTypes) insert.run('check', type, type);
    for (const site of sites) insert.run('site', site.siteId, site.name);
    // One entry per control: a phrase matches within one control.
    for (const control of controls) insert.run('control', control, control);
  })();
  return true;
}

/**
 * Every HIPAA control some cached incident carries (each spelling `incident_controls`' NOCASE key
 * keeps), one seek each from the key: a few dozen seeks where reading the rows would pass one for
 * every control an incident carries.
 */
export function cachedControls(db: Connection): readonly string[] {
  return controlNames.get(db);
}

const controlNames = new KeptUntilCommit((db) => distinctKeys(db, 'incident_controls', 'control'));

/** The distinct values of the first column of a table's key, one seek each: a few hundred seeks, not a read of every row. */
function distinctKeys(db: Connection, table: string, column: string): string[] {
  const next = prepared<[string], string>(db, `SELECT ${column} FROM ${table} WHERE ${column} > ? ORDER BY ${column} LIMIT 1`).pluck();
  const found: string[] = [];
  for (let value = prepared<[], string | null>(db, `SELECT MIN(${column}) FROM ${table}`).pluck().get() ?? undefined; value !== undefined; value = next.get(value)) found.push(value);
  return found;
}

/**
 * Every site with cached incidents by the name a search finds it by: the fleet list's clinic name, or
 * its id while the list has not brought it. The site ids are read one seek each from the tally's key.
 */
function siteNames(db: Connection): Array<{ siteId: string; name: string }> {
  const listed = new Map(prepared<[], { site_id: string; clinic_name: string }>(db, 'SELECT site_id, clinic_name FROM sites').all().map((row) => [row.site_id, row.clinic_name]));
  return distinctKeys(db, 'incident_tally', 'site_id').map((siteId) => ({ siteId, name: listed.get(siteId) ?? siteId }));
}

/** A condition and its parameters. */
export interface Sql {
  sql: string;
  params: unknown[];
}

type Templates = Record<keyof DimensionValues, (placeholders: string) => string>;

/** One SQL part per dimension the values name (its template around their placeholders), with the values as parameters. */
function partsOf(values: DimensionValues, templates: Templates): { parts: string[]; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const dimension of ['checkTypes', 'siteIds', 'controls', 'details'] as const) {
    if (values[dimension].length === 0) continue;
    parts.push(templates[dimension](values[dimension].map(() => '?').join(', ')));
    params.push(...values[dimension]);
  }
  return { parts, params };
}

const SET_PARTS: Templates = {
  checkTypes: (list) => `SELECT rowid AS r FROM incidents WHERE check_type IN (${list})`,
  siteIds: (list) => `SELECT rowid AS r FROM incidents WHERE site_id IN (${list})`,
  controls: (list) => `SELECT incident_rowid AS r FROM incident_controls WHERE control IN (${list})`,
  details: (placeholder) => `SELECT rowid AS r FROM incident_fts WHERE incident_fts MATCH ${placeholder}`,
};

/**
 * The rowids (as `r`) of the incidents matching every group: each group's check types and sites read
 * from their indexes (`incidents_by_check`, `incidents_by_site`) and its controls from
 * `incident_controls`, no row read; several groups intersected (`sizes`, when known, say which is
 * largest). Null when some group names nothing.
 */
export function dimensionSet(groups: readonly DimensionValues[], sizes: readonly number[] | null = null): Sql | null {
  const sets: Sql[] = [];
  for (const values of groups) {
    const group = partsOf(values, SET_PARTS);
    if (group.parts.length === 0) return null;
    sets.push({ sql: group.parts.join(' UNION '), params: group.params });
  }
  if (sets.length === 1) return sets[0]!;
  const clinicAndChecks = siteAndCheckTypes(groups);
  if (clinicAndChecks) return clinicAndChecks;
  const folded = detailsWithSites(groups);
  if (folded) {
    if (folded.rest.length === 0) return folded.set;
    const rest = dimensionSet(folded.rest, null)!;
    return { sql: `SELECT r FROM (${folded.set.sql}) INTERSECT SELECT r FROM (${rest.sql})`, params: [...folded.set.params, ...rest.params] };
  }
  // Sizes unknown (a group matches detail text): an INTERSECT, which SQLite merges from sorted reads. Reading
  // one group and probing the other's set cost ~1 µs a probe: `hklm riverside` at 1M read the 132,758 details
  // holding "hklm" against the clinics' 20,000 incidents in 136 ms; the INTERSECT takes 16 ms.
  if (sizes === null) {
    return { sql: sets.map((set) => `SELECT r FROM (${set.sql})`).join(' INTERSECT '), params: sets.flatMap((set) => set.params) };
  }
  // Sizes known (every group tallied): the largest read from its indexes, each entry checked against the
  // others' sets, only the smaller ones built (not measured against an INTERSECT since the one above).
  const order = sets.map((_, index) => index).sort((a, b) => sizes[b]! - sizes[a]!);
  const [largest, ...others] = order.map((index) => sets[index]!);
  return {
    sql: `SELECT r FROM (${largest!.sql}) WHERE ${others.map((set) => `r IN (${set.sql})`).join(' AND ')}`,
    params: [...largest!.params, ...others.flatMap((set) => set.params)],
  };
}

/**
 * When some group matches detail text only, every match is a cached detail, so each group that names
 * only sites and detail text is one FTS5 query with it: a detail's full-text row carries its site
 * (incident-fts-sites.ts), and FTS5 intersects the doclists itself. `hklm riverside` at 1M: 26 ms as an
 * INTERSECT of the word's 132,758 details with the clinics' 20,000 index entries, 2.6 ms so. The groups
 * naming check types or controls are left in `rest`. Null when no group is detail text only, or only one
 * group folds.
 */
function detailsWithSites(groups: readonly DimensionValues[]): { set: Sql; rest: DimensionValues[] } | null {
  const foldable = (values: DimensionValues) => values.checkTypes.length === 0 && values.controls.length === 0 && values.siteIds.length + values.details.length > 0;
  if (!groups.some((values) => foldable(values) && values.siteIds.length === 0)) return null;
  const folding = groups.filter(foldable);
  if (folding.length < 2) return null;
  const expression = folding.map((values) => `(${[...values.details, ...(values.siteIds.length > 0 ? [ofSites(values.siteIds)] : [])].join(' OR ')})`).join(' AND ');
  return { set: { sql: SET_PARTS.details('?'), params: [expression] }, rest: groups.filter((values) => !foldable(values)) };
}

/**
 * Groups of which one names only sites and every other only check types (`riverside backup`): the
 * sites' entries of `incidents_by_site`, which carries the check type, kept by their check type —
 * read from the index entries alone, none of the check types' entries read. Null for any other shape.
 */
function siteAndCheckTypes(groups: readonly DimensionValues[]): Sql | null {
  const named = (values: DimensionValues) => ({ sites: values.siteIds.length > 0, checks: values.checkTypes.length > 0, other: values.controls.length + values.details.length > 0 });
  const shapes = groups.map(named);
  if (shapes.some((shape) => shape.other || shape.sites === shape.checks)) return null;
  const siteGroups = groups.filter((_, index) => shapes[index]!.sites);
  if (siteGroups.length !== 1) return null;
  const checkGroups = groups.filter((_, index) => shapes[index]!.checks);
  const placeholders = (values: readonly string[]) => values.map(() => '?').join(', ');
  return {
    // The unary `+` keeps the check types' index out of the plan (not INDEXED BY: a first sync drops the index until its end).
    sql: `SELECT rowid AS r FROM incidents WHERE site_id IN (${placeholders(siteGroups[0]!.siteIds)}) AND ${checkGroups.map((values) => `+check_type IN (${placeholders(values.checkTypes)})`).join(' AND ')}`,
    params: [...siteGroups[0]!.siteIds, ...checkGroups.flatMap((values) => values.checkTypes)],
  };
}

/**
 * The row `c.rowid` checked against every group without building their sets: its check type and site
 * read from the row, its controls and detail text by a seek in `incident_controls` and `incident_fts`
 * (no row read when a group names neither check types nor sites).
 */
export function dimensionCheck(groups: readonly DimensionValues[]): Sql {
  const params: unknown[] = [];
  const checks = groups.map((values) => {
    const columns = dimensionCondition({ ...values, controls: [], details: [] }, 'x');
    const controls = dimensionCondition({ checkTypes: [], siteIds: [], controls: values.controls, details: values.details }, 'c');
    const parts = [
      ...(columns.sql === '0' ? [] : [`EXISTS (SELECT 1 FROM incidents x WHERE x.rowid = c.rowid AND ${columns.sql})`]),
      ...(controls.sql === '0' ? [] : [controls.sql]),
    ];
    params.push(...(columns.sql === '0' ? [] : columns.params), ...controls.params);
    return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
  });
  return { sql: checks.join(' AND '), params };
}

/** One group's match as a condition on the row `alias` (its columns, its control rows by a seek); '0' when it names nothing. */
export function dimensionCondition(values: DimensionValues, alias: string): Sql {
  const { parts, params } = partsOf(values, {
    checkTypes: (list) => `${alias}.check_type IN (${list})`,
    siteIds: (list) => `${alias}.site_id IN (${list})`,
    controls: (list) => `EXISTS (SELECT 1 FROM incident_controls k WHERE k.control IN (${list}) AND k.incident_rowid = ${alias}.rowid)`,
    details: (placeholder) => `EXISTS (SELECT 1 FROM incident_fts f WHERE incident_fts MATCH ${placeholder} AND f.rowid = ${alias}.rowid)`,
  });
  return { sql: parts.length === 0 ? '0' : `(${parts.join(' OR ')})`, params };
}
