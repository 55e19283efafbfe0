import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../test-support/fake-bridge.ts';
import { consoleWith, offered, ready, updateState } from './test-support/update-state.ts';

describe('update banner (fake bridge)', () => {
  it('shows nothing where updates are managed by the installed app (web shell)', async () => {
    await consoleWith(updateState({ phase: 'unsupported', channel: null, message: 'Updates are managed by the installed app.' }));
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });

  it('follows a verified update from download progress to ready, with its release notes (fake bridge)', async () => {
    const { bridge, user } = await consoleWith(updateState());
    expect(screen.queryByTestId('update-banner')).toBeNull();

    act(() => bridge.emit('update:changed', updateState({ phase: 'downloading', update: offered, progress: { percent: 42.7, transferred: 427, total: 1000 } })));
    const downloading = screen.getByTestId('update-banner');
    expect(downloading.textContent).toContain('Downloading Central Console 1.5.0 (verified) — 42 %');
    expect(within(downloading).getByRole('progressbar').getAttribute('value')).toBe('42');

    act(() => bridge.emit('update:changed', ready()));
    const banner = screen.getByTestId('update-banner');
    expect(banner.textContent).toContain('Central Console 1.5.0 is ready to install.');
    await user.click(within(banner).getByText('What is new in 1.5.0'));
    expect(screen.getByTestId('update-notes').textContent).toBe(offered.releaseNotes);
    expect(screen.getByTestId('update-restart')).toHaveProperty('disabled', false);
  });

  it('restarts only when the technician chooses it (fake bridge)', async () => {
    const { bridge, user } = await consoleWith(ready(), { 'update:restart': ok(ready()) });
    await screen.findByTestId('update-restart');
    expect(bridge.callsTo('update:restart')).toHaveLength(0);
    await user.click(screen.getByTestId('update-restart'));
    expect(bridge.callsTo('update:restart')).toEqual([undefined]);
  });

  it('does not offer the restart while a sync writes, and says why (fake bridge)', async () => {
    const { bridge } = await consoleWith(ready({ restartBlockedBy: 'the running sync' }));
    const button = await screen.findByTestId('update-restart');
    expect(button).toHaveProperty('disabled', true);
    expect(screen.getByTestId('update-restart-waits').textContent).toBe('Restart to update waits until the running sync has finished.');

    act(() => bridge.emit('update:changed', ready()));
    expect(screen.getByTestId('update-restart')).toHaveProperty('disabled', false);
    expect(screen.queryByTestId('update-restart-waits')).toBeNull();
  });

  it('shows why core refused the restart when a sync started meanwhile (fake bridge)', async () => {
    const { bridge, user } = await consoleWith(ready(), {
      'update:restart': fail('invalid-state', 'Restart to update waits until the running sync has finished. Try again in a moment.'),
    });
    await user.click(await screen.findByTestId('update-restart'));
    expect((await screen.findByTestId('update-request-error')).textContent).toBe('Restart to update waits until the running sync has finished. Try again in a moment.');
    expect(bridge.callsTo('update:restart')).toHaveLength(1);
  });

  it('does not interrupt the technician when the update feed cannot be reached (fake bridge)', async () => {
    await consoleWith(updateState({ phase: 'error', refused: false, message: 'Could not check for updates: https://updates.example cannot be reached over a trusted TLS connection (getaddrinfo ENOTFOUND).' }));
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });

  it('says why an update was refused, and can check again (fake bridge)', async () => {
    const refused = updateState({ phase: 'error', refused: true, message: 'Update refused: 1.3.0 is older than the installed 1.4.0. Downgrades are never installed; a fix comes as a newer release.' });
    const { bridge, user } = await consoleWith(refused, { 'update:check': ok(updateState({ phase: 'up-to-date' })) });
    const banner = await screen.findByTestId('update-banner');
    expect(banner.textContent).toContain('Downgrades are never installed');
    expect(banner.textContent).toContain('The console keeps working on version 1.4.0.');
    await user.click(screen.getByTestId('update-check-again'));
    expect(bridge.callsTo('update:check')).toHaveLength(1);
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });
});
