import { describe, expect, it } from 'vitest';
import { playwrightSkipReasons, unexplainedSkips, vitestSkipReasons } from './skip-reasons.mjs';

// Report shapes as vitest's and Playwright's JSON reporters write them (trimmed to the fields read).
const ROOT = '/repo';

describe('skip reasons in the npm test summary', () => {
  it('names the reason of each skipped vitest test, and lists one without a reason by name', () => {
    const skipped = (titles: string[], title: string) => ({ status: 'skipped', ancestorTitles: titles, title, fullName: [...titles, title].join(' ') });
    const report = {
      testResults: [
        {
          name: '/repo/electron/core/vault/keychain-vault.test.ts',
          assertionResults: [
            skipped(['keychain vault (real Secret Service) — skipped: CC_SKIP_KEYCHAIN_TESTS=1'], 'stores a secret'),
            skipped(['keychain vault (real Secret Service) — skipped: CC_SKIP_KEYCHAIN_TESTS=1'], 'rejects an empty account name'),
            { status: 'passed', ancestorTitles: ['keychain vault without a session bus'], title: 'reports keychain-unavailable', fullName: 'x' },
          ],
        },
        { name: '/repo/renderer/src/a.test.tsx', assertionResults: [skipped(['a view'], 'a test that says nothing'), { ...skipped([], 'to do'), status: 'todo' }] },
      ],
    };
    const reasons = vitestSkipReasons(report, ROOT);
    expect(reasons).toEqual([
      '2 skipped: CC_SKIP_KEYCHAIN_TESTS=1',
      '1 skipped without a reason: renderer/src/a.test.tsx › a view a test that says nothing',
      '1 skipped without a reason: renderer/src/a.test.tsx › to do',
    ]);
    expect(reasons.map(unexplainedSkips)).toEqual([0, 1, 1]);
  });

  it('names the reason of each skipped Playwright test by project, and one without a reason by title', () => {
    const spec = (title: string, description?: string) => ({ title, tests: [{ projectName: 'electron', status: 'skipped', annotations: description ? [{ type: 'skip', description }] : [] }] });
    const report = { suites: [{ specs: [spec('one', 'skipped: no Electron binary'), spec('two', 'skipped: no Electron binary')], suites: [{ specs: [spec('three')] }] }] };
    const reasons = playwrightSkipReasons(report);
    expect(reasons).toEqual(['electron: 2 skipped: no Electron binary', 'electron: 1 skipped without a reason: three']);
    expect(reasons.map(unexplainedSkips)).toEqual([0, 1]);
  });
});
