import { FIELD_KEYS, RESOLUTION_LEVELS, SEVERITIES, type FieldKey } from '#shared/incidents/index.ts';
import { formatFieldValue, tokenizeWithSpans } from './search-text-edit.ts';

/** One value a facet counted, with the name a technician reads when the value is an id (a site, an org). */
export interface FacetValueOption {
  value: string;
  label: string | null;
  count: number;
}

/** Facet values per search field, for the fields whose values come from the cache (sites, orgs, checks, controls). */
export type FieldOptions = Partial<Record<FieldKey, readonly FacetValueOption[]>>;

export interface Suggestion {
  /** What replaces the token being typed. */
  insert: string;
  /** What the list shows. */
  label: string;
  /** What the list shows beside it: a count, or what the field does. */
  hint: string | null;
}

export interface Completion {
  start: number;
  end: number;
  suggestions: Suggestion[];
}

const FIELD_HINTS: Record<FieldKey, string> = {
  site: 'a site', org: 'an organization', level: 'L1, L2, L3 or none', severity: 'critical … low', is: 'open or resolved',
  check: 'a check type', control: 'a HIPAA control', host: 'a hostname, ws-* for a prefix', age: 'e.g. <7d, >30d',
};

/** Fields whose values are fixed: suggested without asking the cache. */
const FIXED_VALUES: Partial<Record<FieldKey, readonly string[]>> = {
  severity: SEVERITIES,
  level: [...RESOLUTION_LEVELS, 'none'],
  is: ['open', 'resolved'],
  age: ['<24h', '<7d', '<30d', '<90d', '>30d'],
};

const MAX_SUGGESTIONS = 8;
const FIELD_TOKEN = /^(-?)([a-z]+):(.*)$/is;

/** What to offer for the token under the caret: field names while a word is typed, a field's values after its colon. */
export function completionAt(text: string, caret: number, options: FieldOptions): Completion | null {
  const token = tokenizeWithSpans(text).find((candidate) => candidate.start <= caret && caret <= candidate.end && caret > candidate.start);
  if (!token || caret !== token.end) return null;
  const field = FIELD_TOKEN.exec(token.raw);
  if (field) {
    const key = field[2]!.toLowerCase() as FieldKey;
    if (!(FIELD_KEYS as readonly string[]).includes(key)) return null;
    const typed = field[3]!.replace(/^"/, '').toLowerCase();
    const negation = field[1]!;
    const fixed = FIXED_VALUES[key] !== undefined;
    const suggestions = valuesFor(key, options)
      .map((option) => ({ option, rank: rankOf(option, typed, fixed) }))
      .filter(({ option, rank }) => rank !== null && option.value.toLowerCase() !== typed)
      .sort((a, b) => a.rank! - b.rank!)
      .map(({ option }) => option)
      .slice(0, MAX_SUGGESTIONS)
      .map((option) => ({
        insert: `${negation}${key}:${formatFieldValue(option.value)}`,
        label: option.label ?? option.value,
        hint: option.count === null ? null : option.count.toLocaleString(),
      }));
    return suggestions.length === 0 ? null : { start: token.start, end: token.end, suggestions };
  }
  const word = token.raw.toLowerCase();
  if (!/^[a-z]+$/.test(word)) return null;
  const keys = FIELD_KEYS.filter((key) => key.startsWith(word) && key !== word);
  if (keys.length === 0) return null;
  return { start: token.start, end: token.end, suggestions: keys.map((key) => ({ insert: `${key}:`, label: `${key}:`, hint: FIELD_HINTS[key] })) };
}

function valuesFor(key: FieldKey, options: FieldOptions): Array<{ value: string; label: string | null; count: number | null }> {
  const fixed = FIXED_VALUES[key];
  if (fixed) {
    const counted = new Map((options[key] ?? []).map((option) => [option.value.toLowerCase(), option.count]));
    return fixed.map((value) => ({ value, label: null, count: counted.get(value.toLowerCase()) ?? null }));
  }
  return (options[key] ?? []).map((option) => ({ value: option.value, label: option.label, count: option.count }));
}

/**
 * How well a value matches what was typed: 0 starts with it, 1 contains it, null not at all. Fixed
 * values (severities, levels) match by their start only: "l" means low, not critical.
 */
function rankOf(option: { value: string; label: string | null }, typed: string, startOnly: boolean): number | null {
  const texts = [option.value.toLowerCase(), option.label?.toLowerCase() ?? ''];
  if (typed === '' || texts.some((text) => text.startsWith(typed))) return 0;
  if (!startOnly && texts.some((text) => text.includes(typed))) return 1;
  return null;
}

/** The text with the suggestion in place of the token, and where the caret goes: after it, with a space unless it wants a value. */
export function applySuggestion(text: string, completion: Completion, suggestion: Suggestion): { text: string; caret: number } {
  const wantsValue = suggestion.insert.endsWith(':');
  const after = text.slice(completion.end);
  const spacer = wantsValue || after.startsWith(' ') ? '' : ' ';
  const before = text.slice(0, completion.start) + suggestion.insert + spacer;
  return { text: before + after, caret: before.length + (after.startsWith(' ') && !wantsValue ? 1 : 0) };
}
