import { describe, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from './chromium.ts';
import { defaultDataDir, parseCliOptions } from './cli-options.ts';

describe('parseCliOptions', () => {
  const defaults = { dataDir: '/home/t/.config/central-console-web' };

  it('defaults to any free port, no browser, the default data dir', () => {
    expect(parseCliOptions([], defaults)).toEqual({ open: false, port: 0, dataDir: defaults.dataDir, syncIntervalSeconds: undefined });
  });

  it('reads every flag', () => {
    expect(parseCliOptions(['--open', '--port', '8123', '--data-dir', '/tmp/cc', '--sync-interval', '30'], defaults)).toEqual({
      open: true,
      port: 8123,
      dataDir: '/tmp/cc',
      syncIntervalSeconds: 30,
    });
  });

  it.each([['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--sync-interval', '1'], ['--sync-interval', '2.5'], ['--bogus']])('refuses %s %s', (...argv) => {
    expect(() => parseCliOptions(argv.filter(Boolean) as string[], defaults)).toThrow();
  });
});

describe('defaultDataDir', () => {
  it('uses the per-user app data dir of each OS', () => {
    expect(defaultDataDir('linux', {}, '/home/t')).toBe('/home/t/.config/central-console-web');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/t')).toBe('/x/central-console-web');
    expect(defaultDataDir('darwin', {}, '/Users/t')).toBe('/Users/t/Library/Application Support/central-console-web');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\t\\AppData\\Roaming' }, 'C:\\Users\\t')).toMatch(/Roaming[/\\]central-console-web$/);
  });
});

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH, and says null when it does not exist', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/chrome' }, (path) => path === '/opt/chrome')).toBe('/opt/chrome');
    expect(findChromium({ CHROMIUM_PATH: '/opt/missing', PATH: '/usr/bin' }, (path) => path !== '/opt/missing')).toBeNull();
  });

  it('falls back to the usual names, also on PATH', () => {
    expect(findChromium({ PATH: '/usr/local/bin:/snap/bin' }, (path) => path === '/snap/bin/chromium')).toBe('/snap/bin/chromium');
    expect(findChromium({ PATH: '/usr/bin' }, () => false)).toBeNull();
  });
});

describe('chromiumArgs', () => {
  it('isolates the profile, disables extensions, opens the app window last', () => {
    const args = chromiumArgs({ url: 'http://127.0.0.1:1/#s', userDataDir: '/tmp/p', runningAsRoot: false });
    expect(args).toContain('--user-data-dir=/tmp/p');
    expect(args).toContain('--disable-extensions');
    expect(args).toContain('--no-first-run');
    expect(args).not.toContain('--no-sandbox');
    expect(args.at(-1)).toBe('--app=http://127.0.0.1:1/#s');
  });

  it('turns the sandbox off only as root', () => {
    expect(chromiumArgs({ url: 'u', userDataDir: 'd', runningAsRoot: true })).toContain('--no-sandbox');
  });
});
