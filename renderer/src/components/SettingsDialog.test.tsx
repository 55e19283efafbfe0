import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge, fail, ok } from '../test-support/fake-bridge.ts';
import { otherProfile, profile, settings, signedOut, site } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';
import { signedInScript } from '../test-support/signed-in-script.ts';

function signedInBridge(overrides: ConstructorParameters<typeof FakeBridge>[0] = {}) {
  return new FakeBridge({
    ...signedInScript([site(1)]),
    'profiles:list': ok({ profiles: [profile(), otherProfile()] }),
    'settings:get': ok(settings({ idleLockMinutes: 20, maxOfflineDays: 5 })),
    'ca:pinned': ok({ pinned: null }),
    ...overrides,
  });
}

async function openSettings(view: Awaited<ReturnType<typeof renderConsole>>) {
  await screen.findAllByTestId('site-row');
  await view.user.click(screen.getByTestId('open-settings'));
  return screen.getByTestId('settings-dialog');
}

function field(testId: string): HTMLInputElement {
  return screen.getByTestId(testId) as HTMLInputElement;
}

async function replace(view: Awaited<ReturnType<typeof renderConsole>>, testId: string, text: string) {
  await view.user.clear(field(testId));
  if (text !== '') await view.user.type(field(testId), text);
}

describe('settings dialog (fake bridge)', () => {
  it('loads the settings on sign-in and shows them with their bounds (fake bridge)', async () => {
    const bridge = signedInBridge();
    const view = await renderConsole(bridge);
    const dialog = await openSettings(view);

    expect(bridge.callsTo('settings:get')).toHaveLength(1);
    expect(within(dialog).getByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(field('setting-idle-minutes').value).toBe('20');
    expect(field('setting-max-offline-days').value).toBe('5');
    expect(screen.getByRole('spinbutton', { name: 'Lock after minutes without activity' })).toBe(field('setting-idle-minutes'));
    expect(dialog.textContent).toContain('1–240 minutes (default 15)');
    expect(dialog.textContent).toContain('1–90 days (default 7)');
  });

  it.each([
    ['setting-idle-minutes', '0', 'Lock after: enter a whole number of minutes from 1 to 240.'],
    ['setting-idle-minutes', '241', 'Lock after: enter a whole number of minutes from 1 to 240.'],
    ['setting-idle-minutes', '2.5', 'Lock after: enter a whole number of minutes from 1 to 240.'],
    ['setting-max-offline-days', '91', 'Offline unlock: enter a whole number of days from 1 to 90.'],
    ['setting-max-offline-days', '', 'Offline unlock: enter a whole number of days from 1 to 90.'],
  ])('refuses %s = "%s" without calling core (fake bridge)', async (testId, text, problem) => {
    const bridge = signedInBridge({ 'settings:set': ok(settings()) });
    const view = await renderConsole(bridge);
    await openSettings(view);

    await replace(view, testId, text);
    await view.user.click(screen.getByRole('button', { name: 'Save' }));

    expect(screen.getByRole('alert').textContent).toBe(problem);
    expect(field(testId).getAttribute('aria-invalid')).toBe('true');
    expect(bridge.callsTo('settings:set')).toHaveLength(0);
  });

  it('saves through settings:set and shows what core answered (fake bridge)', async () => {
    const bridge = signedInBridge({ 'settings:set': ok(settings({ idleLockMinutes: 5, maxOfflineDays: 30 })) });
    const view = await renderConsole(bridge);
    await openSettings(view);

    await replace(view, 'setting-idle-minutes', '5');
    await replace(view, 'setting-max-offline-days', '30');
    await view.user.click(screen.getByRole('button', { name: 'Save' }));

    expect(bridge.callsTo('settings:set')).toEqual([{ idleLockMinutes: 5, maxOfflineDays: 30 }]);
    expect((await screen.findByText('Settings saved.')).getAttribute('role')).toBe('status');
    expect(field('setting-idle-minutes').value).toBe('5');
    expect(view.stores.settings.getState().settings).toEqual({ idleLockMinutes: 5, maxOfflineDays: 30 });
  });

  it('shows core\'s refusal as core wrote it (fake bridge)', async () => {
    const bridge = signedInBridge({ 'settings:set': fail('invalid-input', 'Settings could not be saved: the settings file is read-only.') });
    const view = await renderConsole(bridge);
    await openSettings(view);

    await view.user.click(screen.getByRole('button', { name: 'Save' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Settings could not be saved: the settings file is read-only.');
    expect(screen.queryByText('Settings saved.')).toBeNull();
  });

  it('Close and Escape close the dialog and return focus to the Settings button (fake bridge)', async () => {
    const view = await renderConsole(signedInBridge());
    await openSettings(view);

    await view.user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('open-settings'));

    await view.user.click(screen.getByTestId('open-settings'));
    await view.user.keyboard('{Escape}');
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
  });

  it('"Remove local data for this server…" asks first, then removes the active profile (fake bridge)', async () => {
    const bridge = signedInBridge({ 'profiles:remove': ok({ profiles: [otherProfile()] }) });
    const view = await renderConsole(bridge);
    await openSettings(view);

    await view.user.click(screen.getByTestId('settings-remove-local-data'));

    const confirmation = screen.getByRole('dialog', { name: 'Remove profile' });
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
    expect(bridge.callsTo('profiles:remove')).toHaveLength(0);

    await view.user.click(within(confirmation).getByRole('button', { name: 'Remove local data' }));

    expect(bridge.callsTo('profiles:remove')).toEqual([{ profileId: 'p-1', confirm: true }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('forgets the settings when the session ends (fake bridge)', async () => {
    const bridge = signedInBridge({ 'session:signOut': ok(signedOut()) });
    const view = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    expect(view.stores.settings.getState().settings).toEqual(settings({ idleLockMinutes: 20, maxOfflineDays: 5 }));

    await view.user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(view.stores.settings.getState().settings).toBeNull();
  });
});
