import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleService } from '#core/console-service.ts';
import { chromiumArgs, findChromium, launchChromium } from './chromium.ts';
import { CLI_USAGE, defaultDataDir, parseCliOptions, type CliOptions } from './cli-options.ts';
import { startWebShell } from './server.ts';
import { createWebShellLog } from './log.ts';

// `node electron/web-shell/cli.ts [--open] [--port N] [--data-dir DIR] [--sync-interval S]`:
// the real core behind the real renderer in a browser, for development, demos and machines
// without the Electron binary. Exits when its page closes or on SIGINT/SIGTERM.

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = join(repoRoot, 'build', 'renderer');

const say = (message: string) => process.stdout.write(`[web-shell] ${message}\n`);

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(process.argv.slice(2), { dataDir: defaultDataDir(process.platform, process.env, homedir()) });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${CLI_USAGE}\n`);
    return 2;
  }
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(`There is no renderer build in ${rendererDir}. Run \`npm run build\` (or \`node scripts/build.mjs --only renderer\`) first.\n`);
    return 1;
  }
  const log = createWebShellLog(options.dataDir);
  const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

  const service = await createConsoleService({
    dataDir: options.dataDir,
    shell: 'web',
    appVersion: version,
    platform: process.platform,
    ...(options.syncIntervalSeconds !== undefined ? { syncIntervalSeconds: options.syncIntervalSeconds } : {}),
    log,
  });
  const shell = await startWebShell({ handlers: service.handlers, onEvent: (listener) => service.onEvent(listener), rendererDir, port: options.port, log });
  await service.start().catch((error: unknown) => log('error', 'Restoring the last session failed; starting signed out', { error: String(error) }));
  say(`Data: ${options.dataDir}`);
  say(`Open (this address is the key; share it with no one): ${shell.url}`);

  let browser: { child: ChildProcess; exited: Promise<void>; profileDir: string } | null = null;
  const stopReasons: Array<Promise<string>> = [shell.closed.then(() => 'the page was closed')];
  if (options.open) {
    const executable = findChromium(process.env);
    if (!executable) {
      log('warn', 'No Chromium found (set CHROMIUM_PATH); open the address above in a Chromium-based browser yourself');
    } else {
      const runningAsRoot = process.getuid?.() === 0;
      if (runningAsRoot) say('Running as root: Chromium refuses its sandbox for root, so it starts with --no-sandbox (it shows only this console).');
      const profileDir = await mkdtemp(join(tmpdir(), 'central-console-chromium-'));
      const child = launchChromium(executable, chromiumArgs({ url: shell.url, userDataDir: profileDir, runningAsRoot }));
      const exited = new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.once('error', (error) => {
          log('error', 'Chromium could not start', { executable, error: error.message });
          resolve();
        });
      });
      browser = { child, exited, profileDir };
      stopReasons.push(exited.then(() => 'the browser window was closed'));
    }
  }
  stopReasons.push(
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
  );

  const reason = await Promise.race(stopReasons);
  say(`Stopping: ${reason}.`);
  if (browser) {
    if (browser.child.exitCode === null && browser.child.signalCode === null) browser.child.kill('SIGTERM');
    await browser.exited;
    await rm(browser.profileDir, { recursive: true, force: true });
  }
  await shell.close();
  await service.dispose();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The web shell failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
