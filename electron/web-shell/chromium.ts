import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

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
