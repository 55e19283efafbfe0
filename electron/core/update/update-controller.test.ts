import { describe, expect, it } from 'vitest';
import type { UpdateState } from '#shared/update/index.ts';
import { createUpdateController, UPDATES_MANAGED_BY_INSTALLED_APP, type UpdaterEngine, type UpdaterEvent } from './update-controller.ts';

/** A scripted engine: the test plays electron-updater's side by emitting its events. */
function scriptedEngine() {
  let listener: ((event: UpdaterEvent) => void) | null = null;
  const installs: number[] = [];
  const engine: UpdaterEngine = {
    channel: 'latest',
    check: async () => undefined,
    installAndRestart: async () => {
      installs.push(Date.now());
    },
    subscribe(next) {
      listener = next;
      return () => (listener = null);
    },
  };
  return { engine, installs, emit: (event: UpdaterEvent) => listener?.(event) };
}

function setup() {
  const scripted = scriptedEngine();
  const pushed: UpdateState[] = [];
  let blocker: string | null = null;
  const controller = createUpdateController({
    support: { engine: scripted.engine },
    currentVersion: '1.4.0',
    restartBlocker: () => blocker,
    onChange: (state) => pushed.push(state),
    log: () => undefined,
  });
  const readyWith150 = () => {
    scripted.emit({ type: 'available', version: '1.5.0', releaseDate: '2026-12-01T08:00:00.000Z', releaseNotes: 'Faster sync' });
    scripted.emit({ type: 'progress', percent: 42.5, transferred: 425, total: 1000 });
    scripted.emit({ type: 'downloaded', version: '1.5.0' });
  };
  return { ...scripted, controller, pushed, readyWith150, block: (value: string | null) => (blocker = value) };
}

describe('createUpdateController', () => {
  it('has no updater in the web shell, and says so', async () => {
    const controller = createUpdateController({ support: { unsupported: UPDATES_MANAGED_BY_INSTALLED_APP }, currentVersion: '1.4.0', restartBlocker: () => null, onChange: () => undefined, log: () => undefined });
    expect(controller.state()).toMatchObject({ phase: 'unsupported', message: 'Updates are managed by the installed app.', channel: null });
    expect(await controller.check()).toMatchObject({ phase: 'unsupported' });
    await expect(controller.restart()).rejects.toThrow(/No verified update is ready/);
  });

  it('goes available → downloading with progress → ready with the release notes', () => {
    const { controller, pushed, readyWith150 } = setup();
    readyWith150();
    expect(pushed.map((state) => state.phase)).toEqual(['available', 'downloading', 'ready']);
    expect(pushed[1]?.progress).toEqual({ percent: 42.5, transferred: 425, total: 1000 });
    expect(controller.state()).toMatchObject({ phase: 'ready', update: { version: '1.5.0', releaseNotes: 'Faster sync' }, progress: null });
  });

  it('waits with the restart while a sync runs, and tells the renderer when it no longer has to', async () => {
    const { controller, pushed, installs, readyWith150, block } = setup();
    readyWith150();
    block('the running sync');
    controller.restartBlockerChanged();
    expect(pushed.at(-1)).toMatchObject({ phase: 'ready', restartBlockedBy: 'the running sync' });
    await expect(controller.restart()).rejects.toThrow('Restart to update waits until the running sync has finished. Try again in a moment.');
    expect(installs).toEqual([]);

    block(null);
    controller.restartBlockerChanged();
    expect(pushed.at(-1)).toMatchObject({ phase: 'ready', restartBlockedBy: null });
    await controller.restart();
    expect(installs).toHaveLength(1);
  });

  it('keeps a ready update when a later background check fails', () => {
    const { controller, emit, readyWith150 } = setup();
    readyWith150();
    emit({ type: 'error', message: 'Could not check for updates: the update feed answered 503.', refused: false });
    expect(controller.state().phase).toBe('ready');
  });

  it('refuses a downloaded file of another version than the one offered', () => {
    const { controller, emit } = setup();
    emit({ type: 'available', version: '1.5.0', releaseDate: '2026-12-01T08:00:00.000Z', releaseNotes: null });
    emit({ type: 'downloaded', version: '1.6.0' });
    expect(controller.state()).toMatchObject({ phase: 'error', update: null, message: 'The downloaded update 1.6.0 is not the one that was verified.' });
  });

  it('shows a failed install and does not keep offering it', async () => {
    const { controller, engine, readyWith150 } = setup();
    engine.installAndRestart = async () => {
      throw new Error('Update refused: the downloaded Central Console-1.5.0.AppImage does not match the SHA-512 in the signed manifest (altered or damaged).');
    };
    readyWith150();
    await expect(controller.restart()).rejects.toThrow(/does not match the SHA-512/);
    expect(controller.state()).toMatchObject({ phase: 'error', update: null });
  });
});
