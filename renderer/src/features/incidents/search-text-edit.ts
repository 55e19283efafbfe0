import type { FieldKey } from '#shared/incidents/index.ts';

/**
 * Edits of the technician's search text made by the filter controls: the text stays the one source
 * of truth, so a control never holds a value of its own — it rewrites the `key:value` tokens of its
 * field and leaves every other word where the technician typed it.
 */
export interface TextToken {
  start: number;
  end: number;
  /** The token as typed, quotes included. */
  raw: string;
}

export interface FieldToken extends TextToken {
  key: FieldKey;
  /** The value with its quotes removed. */
  value: string;
  negated: boolean;
}

const FIELD_TOKEN = /^(-?)([a-z]+):(.*)$/is;

/** Splits at whitespace, keeping `key:"a quoted value"` and `"a phrase"` whole, with their positions. */
export function tokenizeWithSpans(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && /\s/u.test(text[index]!)) index += 1;
    if (index >= text.length) break;
    const start = index;
    let quoted = false;
    while (index < text.length && (quoted || !/\s/u.test(text[index]!))) {
      if (text[index] === '"') quoted = !quoted;
      index += 1;
    }
    tokens.push({ start, end: index, raw: text.slice(start, index) });
  }
  return tokens;
}

export function readFieldToken(token: TextToken, keys: readonly FieldKey[]): FieldToken | null {
  const match = FIELD_TOKEN.exec(token.raw);
  if (!match) return null;
  const key = match[2]!.toLowerCase() as FieldKey;
  if (!keys.includes(key)) return null;
  return { ...token, key, value: unquote(match[3]!), negated: match[1] === '-' };
}

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, value.endsWith('"') && value.length > 1 ? -1 : undefined) : value;
}

/** A value as the search text writes it: quoted when it holds whitespace or a quote would end it early. */
export function formatFieldValue(value: string): string {
  const clean = value.replace(/"/g, '');
  return /[\s]/u.test(clean) || clean === '' ? `"${clean}"` : clean;
}

export function fieldTokens(text: string, key: FieldKey): FieldToken[] {
  return tokenizeWithSpans(text)
    .map((token) => readFieldToken(token, [key]))
    .filter((token): token is FieldToken => token !== null && !token.negated);
}

/** The text with `key:` set to exactly `values` (none removes it): the field's tokens replaced in place of the first one. */
export function setFieldValues(text: string, key: FieldKey, values: readonly string[]): string {
  const existing = fieldTokens(text, key);
  const replacement = values.map((value) => `${key}:${formatFieldValue(value)}`).join(' ');
  if (existing.length === 0) return values.length === 0 ? text : joinWords(text.trimEnd(), replacement);
  let result = '';
  let cursor = 0;
  existing.forEach((token, position) => {
    result += text.slice(cursor, token.start);
    if (position === 0) result += replacement;
    cursor = token.end;
  });
  result += text.slice(cursor);
  return result.replace(/\s{2,}/gu, ' ').trim();
}

function joinWords(before: string, after: string): string {
  return before === '' ? after : `${before} ${after}`;
}
