import { describe, expect, it } from 'vitest';
import { applySuggestion, completionAt, type FieldOptions } from './search-completion.ts';

const OPTIONS: FieldOptions = {
  site: [
    { value: 'alder-family-dental', label: 'Alder Family Dental', count: 120 },
    { value: 'birch-pediatrics', label: 'Birch Pediatrics', count: 40 },
  ],
  severity: [{ value: 'critical', label: 'critical', count: 7 }],
};

function complete(text: string, options: FieldOptions = OPTIONS) {
  return completionAt(text, text.length, options);
}

describe('search box completion', () => {
  it('offers field names while a bare word is typed', () => {
    expect(complete('backup sev')?.suggestions.map((s) => s.insert)).toEqual(['severity:']);
    expect(complete('s')?.suggestions.map((s) => s.insert)).toEqual(['site:', 'severity:']);
  });

  it('offers severity values after the colon, with the cache\'s count where known', () => {
    const completion = complete('severity:');
    expect(completion?.suggestions.map((s) => s.insert)).toEqual(['severity:critical', 'severity:high', 'severity:medium', 'severity:low']);
    expect(completion?.suggestions[0]?.hint).toBe('7');
    expect(complete('severity:hi')?.suggestions.map((s) => s.insert)).toEqual(['severity:high']);
  });

  it('offers site names from the facets, matching the name typed, and inserts the site id', () => {
    const completion = complete('site:bir');
    expect(completion?.suggestions).toEqual([{ insert: 'site:birch-pediatrics', label: 'Birch Pediatrics', hint: '40' }]);
  });

  it('keeps a negation and offers nothing for a complete value or an unknown field', () => {
    expect(complete('-severity:l')?.suggestions.map((s) => s.insert)).toEqual(['-severity:low']);
    expect(complete('severity:low')).toBeNull();
    expect(complete('colour:')).toBeNull();
    expect(complete('backup ')).toBeNull();
  });

  it('completes the token under the caret, not the last one', () => {
    const text = 'is:op backup';
    const completion = completionAt(text, 5, OPTIONS);
    expect(completion?.suggestions.map((s) => s.insert)).toEqual(['is:open']);
    expect(applySuggestion(text, completion!, completion!.suggestions[0]!)).toEqual({ text: 'is:open backup', caret: 8 });
  });

  it('a field name leaves the caret after its colon; a value adds a space for the next word', () => {
    const name = complete('sev')!;
    expect(applySuggestion('sev', name, name.suggestions[0]!)).toEqual({ text: 'severity:', caret: 9 });
    const value = complete('severity:cr')!;
    expect(applySuggestion('severity:cr', value, value.suggestions[0]!)).toEqual({ text: 'severity:critical ', caret: 18 });
  });
});
