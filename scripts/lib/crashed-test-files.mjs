// Which vitest files were cut short by their test process dying of a signal, for `npm test`'s one re-run.
// Plain JS: scripts/run.mjs imports it before Node 24 and the dependencies exist.

const ESCAPE = String.fromCharCode(27);
const COLOURS = new RegExp(`${ESCAPE}\\[[0-9;]*m`, 'g');
const CRASH = /Worker exited unexpectedly with signal (\w+)[^\n]*? while running test file (\S+?\.test\.tsx?)/g;

/**
 * The files a native crash cut short — `[{ file, signal }]` — when they are the run's only failures:
 * vitest's output names each one ("Worker exited unexpectedly with signal SIGTRAP … while running test
 * file …"), and its JSON report has it failed with no failed test in it. Any other failure (a failed
 * test, a file failing for another reason) makes it `[]`: a re-run is only ever for a crash.
 */
export function crashedTestFiles(report, output) {
  const crashed = new Map();
  for (const match of output.replace(COLOURS, '').matchAll(CRASH)) crashed.set(match[2], match[1]);
  if (crashed.size === 0 || (report.numFailedTests ?? 0) > 0) return [];
  const failedFiles = (report.testResults ?? []).filter((file) => file.status === 'failed');
  const onlyCrashes = failedFiles.every((file) => crashed.has(file.name) && !(file.assertionResults ?? []).some((test) => test.status === 'failed'));
  return onlyCrashes && failedFiles.length > 0 ? [...crashed].map(([file, signal]) => ({ file, signal })) : [];
}

/**
 * The report with each re-run file's results in place of the crashed run's, its counts moved by the
 * difference. Counted as vitest counts them: a test the crash kept from reporting is "pending" and in
 * no count; "skipped" is in numPendingTests.
 */
export function withRerunFiles(report, rerun) {
  const rerunByName = new Map((rerun.testResults ?? []).map((file) => [file.name, file]));
  const replaced = (report.testResults ?? []).filter((file) => rerunByName.has(file.name));
  const count = (files, statuses) => files.flatMap((file) => file.assertionResults ?? []).filter((test) => statuses.includes(test.status)).length;
  const moved = (key, statuses) => (report[key] ?? 0) - count(replaced, statuses) + count([...rerunByName.values()], statuses);
  return {
    ...report,
    testResults: (report.testResults ?? []).map((file) => rerunByName.get(file.name) ?? file),
    numPassedTests: moved('numPassedTests', ['passed']),
    numFailedTests: moved('numFailedTests', ['failed']),
    numPendingTests: moved('numPendingTests', ['skipped']),
    numTodoTests: moved('numTodoTests', ['todo']),
  };
}
