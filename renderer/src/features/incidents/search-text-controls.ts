import { parseSearchText, type FieldKey } from '#shared/incidents/index.ts';
import { fieldTokens, setFieldValues, type FieldToken } from './search-text-edit.ts';

// What the filter controls show and change, read the way core reads the text.

/** What core reads a field token as (`severity:crit` is critical): the controls show and compare this. */
export function understoodValue(token: FieldToken): string {
  return parseSearchText(token.raw).understood[0]?.value ?? token.value;
}

/** The field's values as core understands them, in the order typed: what the field's control shows as chosen. */
export function chosenValues(text: string, key: FieldKey): string[] {
  return fieldTokens(text, key).map(understoodValue);
}

/** Adds the value to the field, or takes it out when it is there already (a facet clicked twice). */
export function toggleFieldValue(text: string, key: FieldKey, value: string): string {
  const same = (candidate: string) => candidate.toLowerCase() === value.toLowerCase();
  const tokens = fieldTokens(text, key);
  const has = tokens.some((token) => same(understoodValue(token)));
  const kept = tokens.filter((token) => !same(understoodValue(token))).map((token) => token.value);
  return setFieldValues(text, key, has ? kept : [...kept, value]);
}

