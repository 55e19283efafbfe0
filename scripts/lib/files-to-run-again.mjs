// Which vitest files failed for a reason outside the code under test, for `npm test`'s one re-run.
// Plain JS: scripts/run.mjs imports it before Node 24 and the dependencies exist.

const ESCAPE = String.fromCharCode(27);
const COLOURS = new RegExp(`${ESCAPE}\\[[0-9;]*m`, 'g');
const CRASH = /Worker exited unexpectedly with signal (\w+)[^\n]*? while running test file (\S+?\.test\.tsx?)/g;
/**
 * What @napi-rs/keyring reports when the test session's gnome-keyring-daemon dies: the calls in flight
 * lose their answer, and D-Bus starts a new daemon whose keyring is locked for every call after.
 */
const KEYRING_GONE = ['Message recipient disconnected from message bus without replying', 'Secret Service: unlock prompt was dismissed'];

/**
 * The files to run once more — `[{ file, why }]` — when every failure of the run is one of these:
 * - its test process died of a signal (a native crash): vitest's output names the file ("Worker exited
 *   unexpectedly with signal SIGTRAP … while running test file …"), and the report has it failed with
 *   no failed test in it;
 * - every failed test in it failed because the session's keyring daemon went away (gnome-keyring-daemon
 *   itself died: D-Bus then starts one whose keyring is locked, and no prompt can unlock it here).
 * Any other failure makes it `[]`: a re-run is never for a test that failed on its own.
 */
export function filesToRunAgain(report, output) {
  const crashed = new Map();
  for (const match of output.replace(COLOURS, '').matchAll(CRASH)) crashed.set(match[2], match[1]);
  const reasons = [];
  for (const file of (report.testResults ?? []).filter((entry) => entry.status === 'failed')) {
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failed.length === 0 && crashed.has(file.name)) reasons.push({ file: file.name, why: `its test process died of ${crashed.get(file.name)} (a native crash, no test failed)` });
    else if (failed.length > 0 && failed.every((test) => (test.failureMessages ?? []).some((message) => KEYRING_GONE.some((gone) => message.includes(gone))))) {
      reasons.push({ file: file.name, why: `the test session's keyring daemon went away (${failed.length} test(s) failed on "${KEYRING_GONE.join('" or "')}")` });
    } else return [];
  }
  return reasons;
}

/**
 * The report with each re-run file's results in place of the first run's, its counts moved by the
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
