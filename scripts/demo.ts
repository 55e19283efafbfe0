// `npm run demo`: the simulator with a seeded fleet, and the console pointed at it — in Electron where
// its binary exists, otherwise in the web shell (saying why, and where). Runs until Ctrl+C or until the
// console's window is closed.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type RunningSimulator } from '#sim/src/server.ts';
import { trustHint } from '#sim/src/certs.ts';
import { createConsoleService } from '#core/console-service.ts';
import { startWebShell } from '../electron/web-shell/server.ts';
import { findChromium, openConsoleWindow, type ConsoleWindow } from '../electron/web-shell/chromium.ts';
import { findElectronBinary } from './lib/electron-binary.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const say = (message = '') => console.log(message ? `[demo] ${message}` : '');

async function startDemoSimulator(): Promise<RunningSimulator> {
  const options = { seed: 42, sites: 300, dataDir: path.join(os.homedir(), '.central-sim'), heartbeatSeconds: 60 };
  try {
    return await startSimulator({ ...options, port: 8443, controlPort: 8444 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    say('Ports 8443/8444 are taken; the simulator uses free ones instead.');
    return startSimulator({ ...options, port: 0, controlPort: 0 });
  }
}

function printWelcome(sim: RunningSimulator) {
  say(`Central Command simulator: ${sim.url}  (${sim.siteCount} sites, ${sim.applianceCount} appliances, seed 42)`);
  say(trustHint(sim).replaceAll('\n', '\n[demo] '));
  say();
  say('Sign in with one of these accounts (Server URL and CA file are prefilled in the web shell):');
  for (const user of sim.users) {
    const notes = [user.role, user.totp ? `TOTP (secret ${user.totpSecret}, backup code ${user.backupCodes[0]})` : null, user.disabled ? 'disabled account' : null].filter(Boolean).join(', ');
    say(`  ${user.username.padEnd(6)} ${user.password.padEnd(22)} ${notes}`);
  }
  say(`Current TOTP code for alice: curl -s ${sim.controlUrl}/control/totp/alice   (now: ${sim.totp('alice')})`);
  say();
}

async function runInElectron(binary: string, sim: RunningSimulator): Promise<void> {
  say(`Starting Central Console in Electron (${binary}). Server URL: ${sim.url}  CA file: ${sim.caFile}`);
  const child = spawn(binary, [path.join(repoRoot, 'build', 'electron', 'main.cjs')], { stdio: 'inherit' });
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

async function runInWebShell(reason: string, sim: RunningSimulator): Promise<void> {
  say(`Electron cannot start here (${reason}), so the console runs in the web shell: the same renderer and core, in Chromium.`);
  // With a throwaway keyring (headless Linux) stored sessions cannot outlive the run, so neither should the data.
  const throwaway = process.env.CC_KEYRING_SESSION === '1';
  const dataDir = throwaway ? await mkdtemp(path.join(os.tmpdir(), 'central-console-demo-')) : path.join(os.homedir(), '.central-console-demo');
  const service = await createConsoleService({
    dataDir,
    shell: 'web',
    appVersion: 'demo',
    platform: process.platform,
    defaultServer: { origin: sim.url, caFilePath: sim.caFile },
    log: (level, message, fields) => level !== 'info' && console.error(`[console] ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`),
  });
  await service.start();
  const shell = await startWebShell({ handlers: service.handlers, onEvent: (listener) => service.onEvent(listener), rendererDir: path.join(repoRoot, 'build', 'renderer') });
  const stops: Array<Promise<unknown>> = [shell.closed];
  const chromium = findChromium(process.env);
  let browser: ConsoleWindow | null = null;
  if (chromium && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform !== 'linux')) {
    // Chromium gets the one-time address through an owner-only file, so neither its command line nor this output holds a live key.
    browser = await openConsoleWindow(chromium, shell.url, { runningAsRoot: process.getuid?.() === 0 });
    stops.push(browser.exited);
    say(`Opened the console in ${chromium}. Close that window or press Ctrl+C to stop.`);
  } else {
    say(`Console: ${shell.url}`);
    say('  (loopback only; this address works once: the first load in a browser tab uses it up, and reloading that tab is fine)');
    say(chromium ? 'No display here: open the address above in Chromium on this machine. Ctrl+C stops the demo.' : 'No Chromium found (set CHROMIUM_PATH): open the address above in a Chromium-based browser. Ctrl+C stops the demo.');
  }
  stops.push(new Promise((resolve) => process.once('SIGINT', resolve)), new Promise((resolve) => process.once('SIGTERM', resolve)));
  await Promise.race(stops);
  await browser?.close();
  await shell.close();
  await service.dispose();
  if (throwaway) await rm(dataDir, { recursive: true, force: true });
}

const sim = await startDemoSimulator();
printWelcome(sim);
const electron = findElectronBinary(repoRoot);
try {
  if ('path' in electron) await runInElectron(electron.path, sim);
  else await runInWebShell(electron.missing, sim);
} finally {
  await sim.close();
  say('Stopped.');
}
