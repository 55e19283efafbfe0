import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleService } from '#core/console-service.ts';
import { findChromium, openConsoleWindow, type ConsoleWindow } from './chromium.ts';
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

  let browser: ConsoleWindow | null = null;
  const stopReasons: Array<Promise<string>> = [shell.closed.then(() => 'the page was closed')];
  const executable = options.open ? findChromium(process.env) : null;
  if (options.open && !executable) log('warn', 'No Chromium found (set CHROMIUM_PATH); open the address below in a Chromium-based browser yourself');
  if (executable) {
    const runningAsRoot = process.getuid?.() === 0;
    if (runningAsRoot) say('Running as root: Chromium refuses its sandbox for root, so it starts with --no-sandbox (it shows only this console).');
    browser = await openConsoleWindow(executable, shell.url, { runningAsRoot });
    const opened = browser;
    stopReasons.push(
      opened.exited.then(({ error }) => {
        if (error) log('error', 'Chromium could not start', { executable, error: error.message });
        return 'the browser window was closed';
      }),
    );
    say(`Opened the console in ${executable}.`);
  } else {
    // The address works once: after the first load it opens nothing, so it may sit in a scrollback.
    say(`Open this address once, in one browser tab (the first load uses it up): ${shell.url}`);
  }
  stopReasons.push(
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
  );

  const reason = await Promise.race(stopReasons);
  say(`Stopping: ${reason}.`);
  await browser?.close();
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
