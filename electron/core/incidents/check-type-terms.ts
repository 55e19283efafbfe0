import type Database from 'better-sqlite3-multiple-ciphers';

type Connection = Database.Database;

/** Every column of `incident_fts` but the check type. */
const OTHER_COLUMNS = '{site_name controls hostname drift}';
/** More distinct check types than this, and the search stays a full-text search. */
const MAX_CHECK_TYPES = 500;
const checkWords = new WeakMap<Connection, string>();

/**
 * The check types a search means, when it can only mean check types: if no phrase of the expression
 * occurs in any other column of any cached incident, an incident matches it exactly when its check
 * type does (a phrase lives in one column). The search is then a check-type condition — tallied, exact,
 * answered from an index — instead of a set of full-text matches (`backup`, `patch severity:high`).
 * The check types are matched by FTS5 itself, in a temporary index of the cached check types with the
 * same tokenizer, so the words match as they would in `incident_fts`. Null when the search means more.
 */
export function checkTypesMatching(db: Connection, expression: string): string[] | null {
  // Any phrase of the expression anywhere else: its groups are ANDs of ORs of phrases, so OR them all.
  const anyPhrase = expression.replace(/("(?:[^"]|"")*"\*?)|\bAND\b/gu, (_, quoted: string | undefined) => quoted ?? 'OR');
  const elsewhere = db.prepare<[string], number>('SELECT 1 FROM incident_fts WHERE incident_fts MATCH ? LIMIT 1').pluck().get(`${OTHER_COLUMNS} : (${anyPhrase})`);
  if (elsewhere !== undefined) return null;
  const types = db.prepare<[number], string>('SELECT check_type FROM incident_kind_tally GROUP BY check_type HAVING SUM(n) > 0 ORDER BY check_type LIMIT ?').pluck().all(MAX_CHECK_TYPES + 1);
  if (types.length > MAX_CHECK_TYPES) return null;
  const known = JSON.stringify(types);
  if (checkWords.get(db) !== known) {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.incident_check_words USING fts5(check_type, tokenize = 'unicode61 remove_diacritics 2')`);
    db.exec('DELETE FROM temp.incident_check_words');
    const insert = db.prepare<[string]>('INSERT INTO temp.incident_check_words (check_type) VALUES (?)');
    for (const type of types) insert.run(type);
    checkWords.set(db, known);
  }
  return db.prepare<[string], string>('SELECT check_type FROM temp.incident_check_words WHERE incident_check_words MATCH ?').pluck().all(expression);
}
