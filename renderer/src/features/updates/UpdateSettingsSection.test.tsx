import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UpdateState } from '#shared/update/index.ts';
import { ok, type FakeBridge } from '../../test-support/fake-bridge.ts';
import { consoleWith, updateState } from './test-support/update-state.ts';

describe('updates in Settings (fake bridge)', () => {
  async function openSettings(update: UpdateState, extra: ConstructorParameters<typeof FakeBridge>[0] = {}) {
    const view = await consoleWith(update, { 'settings:get': ok({ idleLockMinutes: 15, maxOfflineDays: 7 }), 'profiles:list': ok({ profiles: [] }), ...extra });
    await view.user.click(screen.getByRole('button', { name: 'Settings' }));
    return { ...view, section: await screen.findByTestId('update-settings') };
  }

  it('says updates are managed by the installed app in the web shell, with no button (fake bridge)', async () => {
    const { section } = await openSettings(updateState({ phase: 'unsupported', channel: null, message: 'Updates are managed by the installed app.' }));
    expect(within(section).getByTestId('update-settings-status').textContent).toBe('Updates are managed by the installed app.');
    expect(within(section).queryByTestId('update-check-now')).toBeNull();
  });

  it('shows an unreachable feed and checks again on request (fake bridge)', async () => {
    const unreachable = updateState({ phase: 'error', message: 'Could not check for updates: the update feed answered 503 for /central-console/latest-linux.json.', lastCheckedAt: '2026-12-01T09:00:00.000Z' });
    const { section, bridge, user } = await openSettings(unreachable, { 'update:check': ok(updateState({ phase: 'up-to-date' })) });
    expect(within(section).getByTestId('update-settings-status').textContent).toContain('the update feed answered 503');
    expect(section.textContent).toContain('Version 1.4.0 · stable channel.');
    await user.click(within(section).getByTestId('update-check-now'));
    expect(bridge.callsTo('update:check')).toHaveLength(1);
    expect(within(section).getByTestId('update-settings-status').textContent).toContain('This is the latest version.');
  });
});
