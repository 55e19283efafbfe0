import { join } from 'node:path';
import { parseArgs } from 'node:util';

export interface CliOptions {
  open: boolean;
  port: number;
  dataDir: string;
  syncIntervalSeconds: number | undefined;
}

export const CLI_USAGE = 'usage: node electron/web-shell/cli.ts [--open] [--port N] [--data-dir DIR] [--sync-interval SECONDS]';

/**
 * The per-user application data dir Electron would use (app.getPath('appData')), so the web shell
 * keeps its data where a technician expects it, in a folder of its own.
 */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homeDir: string): string {
  let appData: string;
  if (platform === 'win32') appData = env['APPDATA'] || join(homeDir, 'AppData', 'Roaming');
  else if (platform === 'darwin') appData = join(homeDir, 'Library', 'Application Support');
  else appData = env['XDG_CONFIG_HOME'] || join(homeDir, '.config');
  return join(appData, 'central-console-web');
}

/** Throws an Error whose message is fit for the terminal on anything malformed. */
export function parseCliOptions(argv: string[], defaults: { dataDir: string }): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      open: { type: 'boolean', default: false },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'sync-interval': { type: 'string' },
    },
  });
  const port = values.port === undefined ? 0 : wholeNumber(values.port, '--port', 0, 65_535);
  const syncIntervalSeconds = values['sync-interval'] === undefined ? undefined : wholeNumber(values['sync-interval'], '--sync-interval', 5, 86_400);
  const dataDir = values['data-dir']?.trim() || defaults.dataDir;
  return { open: values.open ?? false, port, dataDir, syncIntervalSeconds };
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`${flag} takes a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}
