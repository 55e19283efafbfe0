import { describe, expect, it } from 'vitest';
import { appPaths, dataDirFrom, idleLockMsFrom, keychainServiceFrom, reachabilityProbeSecondsFrom } from './app-paths.ts';

describe('appPaths', () => {
  it('points at the built pieces under the app root', () => {
    const paths = appPaths('/opt/Central Console/resources/app.asar');
    expect(paths.preload).toBe('/opt/Central Console/resources/app.asar/build/electron/preload.cjs');
    expect(paths.rendererDir).toBe('/opt/Central Console/resources/app.asar/build/renderer');
    expect(paths.cacheWorkerUrl.href).toBe('file:///opt/Central%20Console/resources/app.asar/build/electron/cache-worker.mjs');
    expect(paths.durableWorkerUrl.href).toBe('file:///opt/Central%20Console/resources/app.asar/build/electron/durable-worker.mjs');
  });

  it('takes the data dir and keychain service from the environment when set', () => {
    expect(dataDirFrom({ CENTRAL_CONSOLE_DATA_DIR: '/tmp/cc' }, '/home/t/.config/Central Console')).toBe('/tmp/cc');
    expect(dataDirFrom({ CENTRAL_CONSOLE_DATA_DIR: '  ' }, '/home/t/.config/Central Console')).toBe('/home/t/.config/Central Console');
    expect(keychainServiceFrom({ CENTRAL_CONSOLE_KEYCHAIN_SERVICE: 'cc-test' })).toBe('cc-test');
    expect(keychainServiceFrom({})).toBeUndefined();
  });

  it('shortens the idle lock only to a sane number of seconds from the environment', () => {
    expect(idleLockMsFrom({ CENTRAL_CONSOLE_IDLE_LOCK_SECONDS: '8' })).toBe(8_000);
    for (const ignored of [undefined, '', '1', '3601', '5s', '-3', '2.5']) expect(idleLockMsFrom({ CENTRAL_CONSOLE_IDLE_LOCK_SECONDS: ignored })).toBeUndefined();
  });

  it('takes a shorter reachability probe from the environment only as whole seconds within bounds', () => {
    expect(reachabilityProbeSecondsFrom({ CENTRAL_CONSOLE_REACHABILITY_PROBE_SECONDS: '1' })).toBe(1);
    for (const ignored of [undefined, '', '0', '3601', '1s', '0.5']) expect(reachabilityProbeSecondsFrom({ CENTRAL_CONSOLE_REACHABILITY_PROBE_SECONDS: ignored })).toBeUndefined();
  });
});
