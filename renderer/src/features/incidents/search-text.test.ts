import { describe, expect, it } from 'vitest';
import { setFieldValues, tokenizeWithSpans } from './search-text-edit.ts';
import { chosenValues, toggleFieldValue } from './search-text-controls.ts';

describe('the filter controls edit the search text', () => {
  it('adds a field filter after what was typed, and takes it out again', () => {
    const added = toggleFieldValue('ws-01 backup', 'severity', 'critical');
    expect(added).toBe('ws-01 backup severity:critical');
    expect(toggleFieldValue(added, 'severity', 'critical')).toBe('ws-01 backup');
  });

  it('a second value of a field sits beside the first (any of them), in place of where the field was typed', () => {
    expect(toggleFieldValue('severity:high ws-01', 'severity', 'critical')).toBe('severity:high severity:critical ws-01');
  });

  it('reads a value as core does: "severity:crit" is critical, so the critical control shows chosen and unchecking it removes the token', () => {
    expect(chosenValues('severity:crit is:unresolved', 'severity')).toEqual(['critical']);
    expect(chosenValues('severity:crit is:unresolved', 'is')).toEqual(['open']);
    expect(toggleFieldValue('severity:crit backup', 'severity', 'critical')).toBe('backup');
  });

  it('quotes a value with spaces and keeps quoted values whole', () => {
    const text = setFieldValues('backup', 'site', ['Alder Family Dental']);
    expect(text).toBe('backup site:"Alder Family Dental"');
    expect(chosenValues(text, 'site')).toEqual(['Alder Family Dental']);
    expect(tokenizeWithSpans(text).map((token) => token.raw)).toEqual(['backup', 'site:"Alder Family Dental"']);
    expect(setFieldValues(text, 'site', [])).toBe('backup');
  });

  it('leaves an excluded value (-severity:low) and other fields alone', () => {
    expect(setFieldValues('-severity:low check:patching', 'severity', ['high'])).toBe('-severity:low check:patching severity:high');
  });

  it('replaces the time range rather than adding a second one', () => {
    expect(setFieldValues('age:<7d is:open', 'age', ['<30d'])).toBe('age:<30d is:open');
  });
});
