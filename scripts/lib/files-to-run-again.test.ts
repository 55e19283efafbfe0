import { describe, expect, it } from 'vitest';
import { filesToRunAgain, withRerunFiles } from './files-to-run-again.mjs';

// Shapes as vitest 4 writes them when a test process dies of a signal (trimmed to the fields read): the
// file is failed with an empty message, its tests pending, and only the output says why.
const CRASHED = '/repo/electron/core/cache/cache-recovery.test.ts';
const OUTPUT = `\x1b[31m\x1b[1mCaused by: Error\x1b[22m: Worker exited unexpectedly with signal SIGTRAP during started state while running test file ${CRASHED}\x1b[39m\n`;
const test = (status: string, title: string, failureMessages: string[] = []) => ({ status, title, ancestorTitles: [], fullName: title, failureMessages });
// As a keychain test failed in CI once the session's gnome-keyring-daemon had died.
const KEYRING_GONE = "ConsoleError: The system keychain is not available (Couldn't access platform storage: Secret Service: unlock prompt was dismissed). Unlock your keyring";
// And the call in flight when it died.
const KEYRING_DIED = 'ConsoleError: The system keychain is not available (Platform failure: DBus error: Message recipient disconnected from message bus without replying). Unlock your';

function report(files: Array<{ name: string; status: string; tests: Array<ReturnType<typeof test>> }>) {
  const all = files.flatMap((file) => file.tests);
  return {
    numPassedTests: all.filter((entry) => entry.status === 'passed').length,
    numFailedTests: all.filter((entry) => entry.status === 'failed').length,
    // As vitest counts: a test that never reported ("pending") is in no count.
    numPendingTests: all.filter((entry) => entry.status === 'skipped').length,
    numTodoTests: 0,
    testResults: files.map((file) => ({ name: file.name, status: file.status, message: '', assertionResults: file.tests })),
  };
}

const passing = { name: '/repo/shared/a.test.ts', status: 'passed', tests: [test('passed', 'a'), test('passed', 'b')] };
const crashed = { name: CRASHED, status: 'failed', tests: [test('passed', 'first'), test('pending', 'second'), test('skipped', 'third')] };

describe('files that failed for a reason outside the code under test, for npm test to run once more', () => {
  it('names a file a native crash cut short, with its signal, when that is the only failure', () => {
    expect(filesToRunAgain(report([passing, crashed]), OUTPUT)).toEqual([{ file: CRASHED, why: 'its test process died of SIGTRAP (a native crash, no test failed)' }]);
  });

  it('names a file whose every failed test lost the keyring daemon, beside a crash', () => {
    const keychain = { name: '/repo/tests/integration/lock-holds.test.ts', status: 'failed', tests: [test('passed', 'a'), test('failed', 'b', [KEYRING_DIED]), test('failed', 'c', [KEYRING_GONE])] };
    expect(filesToRunAgain(report([passing, crashed, keychain]), OUTPUT)).toEqual([
      { file: CRASHED, why: 'its test process died of SIGTRAP (a native crash, no test failed)' },
      {
        file: keychain.name,
        why: 'the test session\'s keyring daemon went away (2 test(s) failed on "Message recipient disconnected from message bus without replying" or "Secret Service: unlock prompt was dismissed")',
      },
    ]);
  });

  it('names none when any test failed on its own, or a file failed otherwise, or no crash was printed', () => {
    const failedTest = { name: '/repo/shared/b.test.ts', status: 'failed', tests: [test('failed', 'x', ['AssertionError: expected 1 to be 2'])] };
    expect(filesToRunAgain(report([passing, crashed, failedTest]), OUTPUT)).toEqual([]);
    const keychainAndOwn = { name: '/repo/tests/integration/lock-holds.test.ts', status: 'failed', tests: [test('failed', 'b', [KEYRING_GONE]), test('failed', 'c', ['AssertionError'])] };
    expect(filesToRunAgain(report([passing, keychainAndOwn]), '')).toEqual([]);
    const failedOtherwise = { name: '/repo/shared/c.test.ts', status: 'failed', tests: [] };
    expect(filesToRunAgain(report([passing, crashed, failedOtherwise]), OUTPUT)).toEqual([]);
    expect(filesToRunAgain(report([passing, crashed]), 'Test Files  1 failed')).toEqual([]);
  });

  it('puts the re-run\'s results in place of the crashed run\'s and moves the counts by the difference', () => {
    const first = report([passing, crashed]);
    expect(first).toMatchObject({ numPassedTests: 3, numPendingTests: 1 });
    const rerun = report([{ name: CRASHED, status: 'passed', tests: [test('passed', 'first'), test('passed', 'second'), test('skipped', 'third')] }]);
    const merged = withRerunFiles(first, rerun);
    expect(merged).toMatchObject({ numPassedTests: 4, numFailedTests: 0, numPendingTests: 1 });
    expect(merged.testResults.map((file) => file.status)).toEqual(['passed', 'passed']);
  });
});
