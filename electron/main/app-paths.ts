import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the built pieces sit relative to the app root (the project dir unpackaged, the app.asar
 * root packaged): scripts/build.mjs writes them, electron-builder.yml packs exactly these.
 */
export function appPaths(appRoot: string) {
  return {
    preload: join(appRoot, 'build', 'electron', 'preload.cjs'),
    rendererDir: join(appRoot, 'build', 'renderer'),
    cacheWorkerUrl: pathToFileURL(join(appRoot, 'build', 'electron', 'cache-worker.mjs')),
    durableWorkerUrl: pathToFileURL(join(appRoot, 'build', 'electron', 'durable-worker.mjs')),
  };
}

/** CENTRAL_CONSOLE_DATA_DIR wins (tests, portable installs), else Electron's per-user data dir. */
export function dataDirFrom(env: NodeJS.ProcessEnv, userDataDir: string): string {
  const override = env['CENTRAL_CONSOLE_DATA_DIR']?.trim();
  return override ? override : userDataDir;
}

export function keychainServiceFrom(env: NodeJS.ProcessEnv): string | undefined {
  const override = env['CENTRAL_CONSOLE_KEYCHAIN_SERVICE']?.trim();
  return override ? override : undefined;
}

/**
 * CENTRAL_CONSOLE_IDLE_LOCK_SECONDS shortens the idle lock for the e2e scenarios (whole seconds,
 * 2 to 3600). Anything else is ignored: the settings' minutes apply, never a longer or broken value.
 */
export function idleLockMsFrom(env: NodeJS.ProcessEnv): number | undefined {
  const seconds = wholeSecondsFrom(env, 'CENTRAL_CONSOLE_IDLE_LOCK_SECONDS', 2);
  return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * CENTRAL_CONSOLE_REACHABILITY_PROBE_SECONDS shortens how often a review asks whether Central Command
 * is back, for the e2e scenarios (whole seconds, 1 to 3600); anything else leaves the default.
 */
export function reachabilityProbeSecondsFrom(env: NodeJS.ProcessEnv): number | undefined {
  return wholeSecondsFrom(env, 'CENTRAL_CONSOLE_REACHABILITY_PROBE_SECONDS', 1);
}

function wholeSecondsFrom(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const text = env[name]?.trim();
  if (!text || !/^\d+$/.test(text)) return undefined;
  const seconds = Number(text);
  return seconds >= min && seconds <= 3600 ? seconds : undefined;
}
