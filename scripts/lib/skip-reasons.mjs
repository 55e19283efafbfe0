// Why tests were skipped, read from the vitest and Playwright JSON reports for `npm test`'s summary.
// Plain JS: scripts/run.mjs imports it before Node 24 and the dependencies exist.
import path from 'node:path';

const MARKER = 'skipped: ';
const UNEXPLAINED = 'skipped without a reason';

/**
 * Unique vitest skip reasons with their counts, e.g. "3 skipped: CC_SKIP_KEYCHAIN_TESTS=1". A skipped
 * test or suite says why in its name ("… — skipped: why"); one that does not is listed by name, so no
 * skip goes by unexplained.
 */
export function vitestSkipReasons(report, root) {
  const reasons = new Map();
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (!['pending', 'skipped', 'todo'].includes(test.status)) continue;
      const named = [...(test.ancestorTitles ?? []), test.title].find((title) => (title ?? '').includes(MARKER));
      const key = named ? `${MARKER}${named.slice(named.indexOf(MARKER) + MARKER.length)}` : `${UNEXPLAINED}: ${path.relative(root, file.name)} › ${test.fullName}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  return [...reasons].map(([key, count]) => `${count} ${key}`);
}

/** Unique Playwright skip reasons by project, e.g. "electron: 3 skipped: no Electron binary (…)". */
export function playwrightSkipReasons(report) {
  const reasons = new Map();
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'skipped') continue;
        const annotation = (test.annotations ?? []).find((entry) => entry.type === 'skip' && entry.description);
        const key = `${test.projectName}: ${annotation?.description ?? `${UNEXPLAINED}: ${spec.title}`}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  return [...reasons].map(([key, count]) => key.replace(': ', `: ${count} `));
}

/** How many skips a reason line counts that gave no reason (0 for an explained one). */
export function unexplainedSkips(line) {
  if (!line.includes(UNEXPLAINED)) return 0;
  return Number(/(\d+) skipped/.exec(line)?.[1] ?? 1);
}
