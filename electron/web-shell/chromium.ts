import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

/** CHROMIUM_PATH first, then the usual names (absolute, or looked up on PATH). */
export function findChromium(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string | null {
  const configured = env['CHROMIUM_PATH']?.trim();
  if (configured) return exists(configured) ? configured : null;
  const searchDirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const candidate of CANDIDATES) {
    if (candidate.startsWith('/')) {
      if (exists(candidate)) return candidate;
      continue;
    }
    for (const dir of searchDirs) {
      const path = join(dir, candidate);
      if (exists(path)) return path;
    }
  }
  return null;
}

/**
 * How Chromium gets the launch address without it ever being on its command line (which every local
 * user can read in /proc or `ps`): a page that only forwards to it, written owner-only into the
 * throwaway profile folder (mkdtemp makes that 0700), so the command line names just that file.
 * The address is spent by the load it forwards to, so the file then holds a used code only.
 */
export async function writeLaunchPage(profileDir: string, launchUrl: string): Promise<string> {
  const target = new URL(launchUrl);
  if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') throw new Error('the web shell only opens its own loopback address');
  const path = join(profileDir, 'open-console.html');
  const href = target.href.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  await writeFile(path, `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${href}"><title>Central Console</title>`, { mode: 0o600, flag: 'wx' });
  return pathToFileURL(path).href;
}

/**
 * A throwaway, extension-free app window. --no-sandbox only as root, where Chromium refuses to
 * start with its sandbox; the page it shows is our own renderer, not the web.
 */
export function chromiumArgs(options: { url: string; userDataDir: string; runningAsRoot: boolean }): string[] {
  const args = [
    `--user-data-dir=${options.userDataDir}`,
    '--disable-extensions',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
  ];
  if (options.runningAsRoot) args.push('--no-sandbox');
  args.push(`--app=${options.url}`);
  return args;
}

export function launchChromium(executable: string, args: string[]): ChildProcess {
  return spawn(executable, args, { stdio: 'ignore' });
}

export interface ConsoleWindow {
  child: ChildProcess;
  /** Resolves when Chromium exited (or could not start: `error` says why). */
  exited: Promise<{ error: Error | null }>;
  profileDir: string;
  /** Ends Chromium if it still runs and removes its throwaway profile. */
  close(): Promise<void>;
}

/**
 * Opens the web shell's one-time launch address in a throwaway Chromium app window, through the
 * owner-only launch page (never on the command line). `extraArgs` is for tests (e.g. --headless).
 */
export async function openConsoleWindow(executable: string, launchUrl: string, options: { runningAsRoot: boolean; extraArgs?: string[] }): Promise<ConsoleWindow> {
  const profileDir = await mkdtemp(join(tmpdir(), 'central-console-chromium-'));
  const pageUrl = await writeLaunchPage(profileDir, launchUrl);
  const child = launchChromium(executable, [...(options.extraArgs ?? []), ...chromiumArgs({ url: pageUrl, userDataDir: profileDir, runningAsRoot: options.runningAsRoot })]);
  const exited = new Promise<{ error: Error | null }>((resolve) => {
    child.once('exit', () => resolve({ error: null }));
    child.once('error', (error) => resolve({ error }));
  });
  return {
    child,
    exited,
    profileDir,
    async close() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGTERM');
      await exited;
      // Chromium's helper processes can still write into the profile for a moment after the browser
      // process exits (seen once as ENOTEMPTY on `Default`): rm retries that, with a pause between tries.
      await rm(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
