import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, FakeBridge, ok } from '../test-support/fake-bridge.ts';
import { appInfo, locked, otherProfile, overview, profile, SERVER, signedIn, signedOut, site, syncStatus } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';

function bridgeWithNotice(notice: string | null) {
  return new FakeBridge({
    'app:info': ok(appInfo()),
    'session:get': ok({ ...signedIn(), notice }),
    'fleet:overview': ok(overview([site(1)])),
    'sync:status': ok(syncStatus()),
    'profiles:list': ok({ profiles: [profile(), otherProfile()] }),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('console header notice (fake bridge)', () => {
  it('shows what core tells the technician while signed in, as text (fake bridge)', async () => {
    await renderConsole(bridgeWithNotice('The local copy <b>could not be read</b>; it was moved aside.'));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('<b>could not be read</b>');
    expect(notice.querySelector('b')).toBeNull();
  });

  it('takes the notice away once the snapshot has none (fake bridge)', async () => {
    const bridge = bridgeWithNotice('The local copy could not be read; it was moved aside.');
    const { container } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    expect(container.querySelectorAll('.console-top .notice-banner')).toHaveLength(1);

    act(() => bridge.emit('session:changed', signedIn()));

    expect(container.querySelector('.notice-banner')).toBeNull();
    expect(screen.queryByText(/moved aside/)).toBeNull();
  });
});

describe('console header session actions (fake bridge)', () => {
  it('says in the header why core refused Lock, and the next try clears it (fake bridge)', async () => {
    const bridge = bridgeWithNotice(null);
    bridge.answer('session:lock', fail('invalid-state', 'The console cannot lock while a sync is writing the cache.'));
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');

    await user.click(screen.getByTestId('lock-now'));

    const alert = await screen.findByTestId('session-action-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('The console cannot lock while a sync is writing the cache.');
    expect(screen.getAllByTestId('site-row')).toHaveLength(1);

    bridge.answer('session:lock', ok(locked()));
    await user.click(screen.getByTestId('lock-now'));
    expect(await screen.findByTestId('lock-screen')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a failed Sign out is shown in the header (fake bridge)', async () => {
    const bridge = bridgeWithNotice(null);
    bridge.answer('session:signOut', fail('internal', 'The session could not be ended.'));
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect((await screen.findByTestId('session-action-error')).textContent).toBe('The session could not be ended.');
  });

  it('a failed profile switch is shown in the header, not later on the lock screen (fake bridge)', async () => {
    const bridge = bridgeWithNotice(null);
    bridge.answer('profiles:switch', fail('keychain-unavailable', 'The system keychain did not answer.'));
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    await user.click(screen.getByRole('button', { name: /central\.example\.test/ }));
    const menu = await screen.findByRole('menu', { name: 'Server profiles' });

    await user.click(within(menu).getByRole('menuitem', { name: /cc\.other-msp\.test/ }));

    expect((await screen.findByTestId('session-action-error')).textContent).toBe('The system keychain did not answer.');

    // Later core locks the console for inactivity: the lock screen starts clean.
    act(() => bridge.emit('session:changed', locked()));

    const lockScreen = screen.getByTestId('lock-screen');
    expect(within(lockScreen).queryByRole('alert')).toBeNull();
    expect(screen.queryByText('Unlock failed')).toBeNull();
    expect(screen.queryByText('The system keychain did not answer.')).toBeNull();
  });

  it('leaving signed-in also ends a retry wait a failed action asked for (fake bridge)', async () => {
    const bridge = bridgeWithNotice(null);
    bridge.answer('profiles:add', fail('rate-limited', 'Too many requests.', { retryAfterSeconds: 30 }));
    const { user, stores } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    await user.click(screen.getByRole('button', { name: /central\.example\.test/ }));
    const menu = await screen.findByRole('menu', { name: 'Server profiles' });

    const clickedAt = Date.now();
    await user.click(within(menu).getByRole('menuitem', { name: 'Add a server or account…' }));
    expect((await screen.findByTestId('session-action-error')).textContent).toBe('Too many requests.');
    // The server's 30 s, counted from the refusal.
    expect(stores.session.getState().retryAt).toBeGreaterThanOrEqual(clickedAt + 30_000);
    expect(stores.session.getState().retryAt).toBeLessThanOrEqual(Date.now() + 30_000);

    act(() => bridge.emit('session:changed', signedOut({ server: SERVER })));

    expect(await screen.findByLabelText('Server URL')).toBeTruthy();
    expect(stores.session.getState().retryAt).toBeNull();
    expect(screen.queryByTestId('retry-countdown')).toBeNull();
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
