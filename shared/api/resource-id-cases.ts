/**
 * Ids that must never reach a request path, each with why; shared by the core and contract tests so
 * both refuse exactly the same list.
 */
export const HOSTILE_IDS: ReadonlyArray<readonly [string, string]> = [
  ['..', 'a parent dot segment'],
  ['.', 'a current dot segment'],
  ['a/b', 'a slash'],
  ['../auth/me', 'a dot segment with a slash'],
  ['%2e%2e', 'an encoded parent dot segment'],
  ['%2E', 'an encoded dot segment'],
  ['a%2fb', 'an encoded slash'],
  ['a?b=1', 'a query marker'],
  ['a#b', 'a fragment marker'],
  ['a\\b', 'a backslash'],
  ['', 'an empty id'],
  [' site-1', 'whitespace'],
  ['sité', 'a non-ASCII letter'],
  ['.hidden', 'a leading dot'],
  ['x'.repeat(201), 'more than 200 characters'],
];

/** Real id shapes: a slug with a hex suffix, a UUID, an appliance id with a MAC, a runbook code. */
export const GOOD_IDS: readonly string[] = ['alder-family-dental-3f9a1c', '9b2f7c1e-4d3a-4b8e-a1f2-0c9d8e7f6a5b', 'alder-3f9a1c-84:3A:4B:0C:1D:2E', 'RB-WIN-FIREWALL-001', 'v1.2_x'];
