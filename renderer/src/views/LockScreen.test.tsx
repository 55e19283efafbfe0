import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge, fail, ok } from '../test-support/fake-bridge.ts';
import { appInfo, locked, mfaRequired, overview, SERVER, settings, signedIn, signedOut, site, syncStatus, USER } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';
import { followRetryCountdown } from '../test-support/retry-countdown.ts';

const PASSWORD = 'correct horse battery';

function lockedBridge(overrides: ConstructorParameters<typeof FakeBridge>[0] = {}) {
  return new FakeBridge({
    'app:info': ok(appInfo()),
    'session:get': ok(locked()),
    'fleet:overview': ok(overview([site(1), site(2), site(3)])),
    'sync:status': ok(syncStatus()),
    'settings:get': ok(settings()),
    ...overrides,
  });
}

function passwordField(): HTMLInputElement {
  return screen.getByTestId('unlock-password') as HTMLInputElement;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('lock screen (fake bridge)', () => {
  it('shows who is locked and why, a focused password field, and nothing of the fleet (fake bridge)', async () => {
    const bridge = lockedBridge({
      'session:get': ok(locked({ notice: 'The console locked itself after 15 minutes without activity.' })),
    });
    await renderConsole(bridge);

    const lockScreen = screen.getByTestId('lock-screen');
    expect(within(lockScreen).getByRole('heading', { name: 'Console locked' })).toBeTruthy();
    expect(lockScreen.textContent).toContain(`${USER.displayName} (${USER.username}) on ${SERVER.origin}`);
    expect(screen.getByRole('status').textContent).toBe('The console locked itself after 15 minutes without activity.');
    expect(lockScreen.textContent).toContain('Online, Central Command checks your password (and authentication code). Offline, this computer checks it.');

    const field = passwordField();
    expect(field.type).toBe('password');
    expect(field.autocomplete).toBe('current-password');
    expect(document.activeElement).toBe(field);

    // Locked at launch: nothing of the server's data is asked for or shown.
    expect(bridge.callsTo('fleet:overview')).toHaveLength(0);
    expect(bridge.callsTo('attention:list')).toHaveLength(0);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText(/Clinic \d+/)).toBeNull();
  });

  it('a session:changed to locked takes every clinic name off the screen (fake bridge)', async () => {
    const bridge = lockedBridge({ 'session:get': ok(signedIn()) });
    const { stores } = await renderConsole(bridge);
    expect(await screen.findAllByTestId('site-row')).toHaveLength(3);
    expect(screen.getByText('Clinic 001')).toBeTruthy();

    act(() => bridge.emit('session:changed', locked({ notice: 'The console locked itself after 15 minutes without activity.' })));

    expect(screen.getByTestId('lock-screen')).toBeTruthy();
    expect(screen.queryByText(/Clinic \d+/)).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
    expect(stores.fleetSites.getState().answer).toBeNull();
    expect(stores.attention.getState().view).toBeNull();
    expect(stores.site.getState().view).toBeNull();
  });

  it('Unlock sends the password alone and the fleet returns (fake bridge)', async () => {
    const bridge = lockedBridge({ 'session:unlock': ok(signedIn()) });
    const { user } = await renderConsole(bridge);

    await user.type(passwordField(), PASSWORD);
    await user.click(screen.getByTestId('unlock-submit'));

    expect(bridge.callsTo('session:unlock')).toEqual([{ password: PASSWORD }]);
    expect(await screen.findAllByTestId('site-row')).toHaveLength(3);
    expect(screen.queryByTestId('lock-screen')).toBeNull();
  });

  it('a wrong password shows the message, empties the field and is kept nowhere (fake bridge)', async () => {
    const bridge = lockedBridge({ 'session:unlock': fail('invalid-credentials', 'That password is not correct.') });
    const { user, stores } = await renderConsole(bridge);

    await user.type(passwordField(), PASSWORD);
    await user.click(screen.getByTestId('unlock-submit'));

    const error = await screen.findByTestId('unlock-error');
    expect(error.textContent).toContain('That password is not correct.');
    expect(error.getAttribute('role')).toBe('alert');
    expect(passwordField().value).toBe('');
    expect(document.activeElement).toBe(passwordField());
    expect(JSON.stringify(Object.values(stores).map((store) => store.getState()))).not.toContain(PASSWORD);
  });

  it('a wrong offline password that says how long to wait disables Unlock for that long (fake bridge)', async () => {
    const bridge = lockedBridge({
      'session:unlock': fail('invalid-credentials', 'That password does not match the one used at your last online sign-in. Wait 2 s before the next try.', { retryAfterSeconds: 2 }),
    });
    const { user } = await renderConsole(bridge);

    await user.type(passwordField(), PASSWORD);
    await user.click(screen.getByTestId('unlock-submit'));

    expect((await screen.findByTestId('retry-countdown')).textContent).toBe('Try again in 2 s');
    expect((screen.getByTestId('unlock-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows why core refused an offline unlock, as core wrote it (fake bridge)', async () => {
    const message = 'Offline unlock is allowed for 7 days after the last online sign-in. Connect to Central Command to unlock.';
    const bridge = lockedBridge({ 'session:get': ok(locked({ connectivity: 'offline' })), 'session:unlock': fail('offline-unlock-refused', message) });
    const { user } = await renderConsole(bridge);

    await user.type(passwordField(), PASSWORD);
    await user.click(screen.getByTestId('unlock-submit'));

    const error = await screen.findByTestId('unlock-error');
    expect(within(error).getByText(message)).toBeTruthy();
    expect(within(error).getByText('Offline unlock not possible')).toBeTruthy();
  });

  it('asks for the password instead of calling core with an empty one (fake bridge)', async () => {
    const bridge = lockedBridge();
    const { user } = await renderConsole(bridge);

    await user.click(screen.getByTestId('unlock-submit'));

    expect(screen.getByRole('alert').textContent).toBe('Enter your password.');
    expect(bridge.callsTo('session:unlock')).toHaveLength(0);
  });

  it('counts down a rate limit with Unlock disabled and never retries by itself (fake bridge)', async () => {
    const bridge = lockedBridge({
      'session:unlock': fail('rate-limited', 'Too many wrong passwords. Wait before trying again.', { retryAfterSeconds: 8 }),
    });
    const { user } = await renderConsole(bridge);
    await user.type(passwordField(), PASSWORD);

    // The countdown's clock and ticks are ours from here on; user-event's own waits stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    await user.click(screen.getByTestId('unlock-submit'));

    expect((await screen.findByTestId('unlock-error')).textContent).toContain('Too many wrong passwords.');
    followRetryCountdown(screen.getByTestId('unlock-submit') as HTMLButtonElement, 8, 5);
    expect(bridge.callsTo('session:unlock')).toHaveLength(1);
  });

  it('an online unlock may ask for the code; Cancel returns to the lock screen (fake bridge)', async () => {
    const bridge = lockedBridge({
      'session:unlock': ok(mfaRequired()),
      'session:cancelMfa': ok(locked()),
    });
    const { user } = await renderConsole(bridge);

    await user.type(passwordField(), PASSWORD);
    await user.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByLabelText('Authentication code')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(await screen.findByTestId('lock-screen')).toBeTruthy();
    expect(bridge.callsTo('session:cancelMfa')).toHaveLength(1);
    expect(passwordField().value).toBe('');
  });

  it('Sign out on the lock screen calls session:signOut (fake bridge)', async () => {
    const bridge = lockedBridge({ 'session:signOut': ok(signedOut({ server: SERVER })) });
    const { user } = await renderConsole(bridge);

    await user.click(screen.getByTestId('lock-sign-out'));

    expect(bridge.callsTo('session:signOut')).toEqual([undefined]);
    expect(await screen.findByLabelText('Server URL')).toBeTruthy();
    expect(screen.queryByTestId('lock-screen')).toBeNull();
  });
});
