import { RESOLUTION_LEVELS, SEVERITIES } from './api.ts';

/**
 * What a technician typed into the incident search, read without ever failing: field filters
 * (`severity:critical`, `site:`, `org:`, `level:L3`, `is:open`, `check:`, `control:164.312(b)`,
 * `host:ws-*`, `age:<7d`) and free words. Free words match as prefixes; `"quoted words"` match as a
 * phrase; `OR` between two words accepts either; `-word` or `NOT word` excludes; `AND` and `NEAR`
 * are read as "both". Punctuation separates words (as in the index), so `164.312(b)`, `ws-01` or a
 * lone `*` can never be a syntax error.
 */
export const FIELD_KEYS = ['site', 'org', 'level', 'severity', 'is', 'check', 'control', 'host', 'age'] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

export interface SearchTerm {
  /** The words of the term as the index splits them; never empty. */
  words: string[];
}

export interface ParsedSearch {
  /** Field → accepted values; several values of one field mean "any of them". */
  fields: Map<Exclude<FieldKey, 'age'>, string[]>;
  /** Only incidents reported within this many milliseconds (age:<7d), or longer ago (age:>30d). */
  newerThanMs: number | null;
  olderThanMs: number | null;
  /** AND of OR-groups. */
  groups: SearchTerm[][];
  excluded: SearchTerm[];
  understood: Array<{ field: string; value: string }>;
  notes: string[];
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const AGE = /^([<>]=?)?\s*(\d{1,6})\s*(m|min|h|d|w)?$/i;
const AGE_UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

interface Token {
  text: string;
  quoted: boolean;
  negated: boolean;
}

export function parseSearchText(input: string): ParsedSearch {
  const parsed: ParsedSearch = { fields: new Map(), newerThanMs: null, olderThanMs: null, groups: [], excluded: [], understood: [], notes: [] };
  let joinNext = false;
  let negateNext = false;
  for (const token of tokenize(input.normalize('NFKC'))) {
    if (!token.quoted && !token.negated) {
      if (token.text === 'OR') {
        joinNext = parsed.groups.length > 0;
        continue;
      }
      if (token.text === 'AND' || token.text === 'NEAR') continue;
      if (token.text === 'NOT') {
        negateNext = true;
        continue;
      }
    }
    const negated = token.negated || negateNext;
    negateNext = false;
    if (!token.quoted && readField(token.text, parsed)) {
      joinNext = false;
      continue;
    }
    const words = token.text.match(WORD)?.map((word) => word.toLowerCase()) ?? [];
    if (words.length === 0) continue;
    const term = { words };
    if (negated) parsed.excluded.push(term);
    else if (joinNext) parsed.groups[parsed.groups.length - 1]!.push(term);
    else parsed.groups.push([term]);
    joinNext = false;
  }
  return parsed;
}

/** Words, `"quoted phrases"` (an unclosed quote runs to the end), `key:"quoted value"`, `-negated`. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    while (index < input.length && /\s/u.test(input[index]!)) index += 1;
    if (index >= input.length) break;
    let negated = false;
    if (input[index] === '-' && index + 1 < input.length && !/\s/u.test(input[index + 1]!)) {
      negated = true;
      index += 1;
    }
    if (input[index] === '"') {
      const end = input.indexOf('"', index + 1);
      const stop = end === -1 ? input.length : end;
      tokens.push({ text: input.slice(index + 1, stop), quoted: true, negated });
      index = stop + 1;
      continue;
    }
    let text = '';
    while (index < input.length && !/\s/u.test(input[index]!)) {
      // key:"a value with spaces"
      if (input[index] === '"' && text.endsWith(':')) {
        const end = input.indexOf('"', index + 1);
        const stop = end === -1 ? input.length : end;
        text += input.slice(index + 1, stop);
        index = stop + 1;
        break;
      }
      text += input[index];
      index += 1;
    }
    tokens.push({ text, quoted: false, negated });
  }
  return tokens;
}

function readField(text: string, parsed: ParsedSearch): boolean {
  const colon = text.indexOf(':');
  if (colon <= 0) return false;
  const key = text.slice(0, colon).toLowerCase();
  if (!(FIELD_KEYS as readonly string[]).includes(key)) return false;
  const value = text.slice(colon + 1).trim();
  if (value === '') {
    parsed.notes.push(`"${key}:" needs a value, e.g. ${example(key as FieldKey)}; it was left out.`);
    return true;
  }
  const add = (field: Exclude<FieldKey, 'age'>, accepted: string) => {
    parsed.fields.set(field, [...(parsed.fields.get(field) ?? []), accepted]);
    parsed.understood.push({ field, value: accepted });
  };
  switch (key as FieldKey) {
    case 'severity': {
      const lower = value.toLowerCase();
      const match = SEVERITIES.find((severity) => severity === lower) ?? SEVERITIES.find((severity) => severity.startsWith(lower));
      if (!match) parsed.notes.push(`No incident has severity "${value}" (${SEVERITIES.join(', ')}).`);
      add('severity', match ?? lower);
      return true;
    }
    case 'level': {
      const upper = value.toUpperCase();
      if ((RESOLUTION_LEVELS as readonly string[]).includes(upper)) add('level', upper);
      else if (upper === 'NONE') add('level', 'none');
      else {
        parsed.notes.push(`Levels are L1, L2, L3 or none; "${value}" matches nothing.`);
        add('level', upper);
      }
      return true;
    }
    case 'is': {
      const lower = value.toLowerCase();
      if (lower === 'open' || lower === 'unresolved') add('is', 'open');
      else if (lower === 'resolved' || lower === 'closed') add('is', 'resolved');
      else parsed.notes.push(`"is:${value}" is not known; use is:open or is:resolved.`);
      return true;
    }
    case 'age': {
      const match = AGE.exec(value);
      if (!match) {
        parsed.notes.push(`"age:${value}" is not an age; write e.g. age:<7d, age:>30d or age:<12h.`);
        return true;
      }
      const ms = Number(match[2]) * AGE_UNIT_MS[(match[3] ?? 'd').toLowerCase()]!;
      if (match[1]?.startsWith('>')) parsed.olderThanMs = ms;
      else parsed.newerThanMs = ms;
      parsed.understood.push({ field: 'age', value: `${match[1]?.startsWith('>') ? '>' : '<'}${match[2]}${match[3] ?? 'd'}` });
      return true;
    }
    default:
      add(key as Exclude<FieldKey, 'age'>, value);
      return true;
  }
}

function example(key: FieldKey): string {
  const examples: Record<FieldKey, string> = {
    site: 'site:alder', org: 'org:north', level: 'level:L3', severity: 'severity:critical', is: 'is:open',
    check: 'check:patching', control: 'control:164.312(b)', host: 'host:ws-*', age: 'age:<7d',
  };
  return examples[key];
}

/** An FTS5 expression from parsed terms: every word quoted (so no operator or punctuation reaches FTS5), the last of each term a prefix. */
export function ftsPhrase(term: SearchTerm): string {
  return `"${term.words.join(' ')}"*`;
}

export function ftsExpression(groups: SearchTerm[][]): string | null {
  if (groups.length === 0) return null;
  return groups.map((group) => (group.length === 1 ? ftsPhrase(group[0]!) : `(${group.map(ftsPhrase).join(' OR ')})`)).join(' AND ');
}
