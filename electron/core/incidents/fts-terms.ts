import type Database from 'better-sqlite3-multiple-ciphers';
import { ftsPhrase, type SearchTerm } from '#shared/incidents/index.ts';
import { prepared } from '../cache/prepared-statements.ts';

type Connection = Database.Database;

/** A prefix that names more indexed words than this stays a prefix query. */
const MAX_EXPANDED_WORDS = 32;
const PREFIX_END = '\u{10FFFF}';
const instancesViewMade = new WeakSet<Connection>();

/**
 * The search as an FTS5 expression, with each term's last word (a prefix) replaced by the indexed words
 * it names: `"164 312"*` becomes `"164 312"`, `"patch"*` becomes `"patching"`. FTS5 answers a prefix by
 * merging every matching doclist in full, on every evaluation — which makes checking one row at a time
 * against a common prefix cost as much as the whole match; a plain word seeks to the row.
 * Words outside ASCII stay prefixes (the index folds diacritics; the vocabulary lookup would not).
 */
export function expandedExpression(db: Connection, groups: SearchTerm[][]): string | null {
  if (groups.length === 0) return null;
  if (!instancesViewMade.has(db)) {
    // The 'instance' view, not 'row': 'row' counts each word's documents (a whole doclist read per word),
    // while an instance row is found by a seek.
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.incident_fts_instances USING fts5vocab(main, 'incident_fts', 'instance')`);
    instancesViewMade.add(db);
  }
  const next = prepared<[string, string], string>(db, 'SELECT term FROM temp.incident_fts_instances WHERE term >= ? AND term < ? LIMIT 1').pluck();
  /** The indexed words starting so, up to one past the limit: one seek each to the first word after the last found. */
  const wordsStarting = (prefix: string): string[] => {
    const found: string[] = [];
    let word = next.get(prefix, prefix + PREFIX_END);
    while (word !== undefined && found.length <= MAX_EXPANDED_WORDS) {
      found.push(word);
      // `word + U+0001` is the least string after `word` an indexed word can be (`>` would step through its every instance).
      word = next.get(`${word}\u0001`, prefix + PREFIX_END);
    }
    return found;
  };
  const expand = (term: SearchTerm): string => {
    const last = term.words[term.words.length - 1]!.toLowerCase();
    if (!/^[\x21-\x7e]+$/u.test(last)) return ftsPhrase(term);
    const named = wordsStarting(last);
    if (named.length > MAX_EXPANDED_WORDS) return ftsPhrase(term);
    const head = term.words.slice(0, -1).join(' ');
    // No indexed word starts so: the exact word, which matches nothing, keeps the expression valid.
    const phrases = (named.length === 0 ? [last] : named).map((word) => `"${head === '' ? word : `${head} ${word}`}"`);
    return phrases.length === 1 ? phrases[0]! : `(${phrases.join(' OR ')})`;
  };
  return groups.map((group) => (group.length === 1 ? expand(group[0]!) : `(${group.map(expand).join(' OR ')})`)).join(' AND ');
}
