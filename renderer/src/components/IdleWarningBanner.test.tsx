import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge, ok } from '../test-support/fake-bridge.ts';
import { locked, settings, site } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';
import { signedInScript } from '../test-support/signed-in-script.ts';

function signedInBridge() {
  return new FakeBridge({
    ...signedInScript([site(1)]),
    'settings:get': ok(settings()),
    'session:lock': ok(locked()),
  });
}

function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('idle warning (fake bridge)', () => {
  it('counts down to the idle lock and goes away when core withdraws the warning (fake bridge)', async () => {
    const bridge = signedInBridge();
    await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    expect(screen.queryByTestId('idle-warning')).toBeNull();

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    act(() => bridge.emit('session:idleWarning', { locksAt: inSeconds(42) }));

    const banner = screen.getByTestId('idle-warning');
    expect(banner.textContent).toContain('The console locks in 42 s — move the mouse or press a key to stay signed in.');

    act(() => vi.advanceTimersByTime(10_000));
    expect(banner.textContent).toContain('The console locks in 32 s');

    act(() => bridge.emit('session:idleWarning', { locksAt: null }));
    expect(screen.queryByTestId('idle-warning')).toBeNull();
  });

  it('the header\'s Lock button calls session:lock (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { user } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');

    await user.click(screen.getByTestId('lock-now'));

    expect(bridge.callsTo('session:lock')).toEqual([undefined]);
    expect(await screen.findByTestId('lock-screen')).toBeTruthy();
    expect(screen.queryByText('Clinic 001')).toBeNull();
  });

  it('a warning is dropped when the session locks, and ignored while not signed in (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { stores } = await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const locksAt = inSeconds(20);
    act(() => bridge.emit('session:idleWarning', { locksAt }));
    expect(stores.idleWarning.getState().locksAt).toBe(Date.parse(locksAt));

    act(() => bridge.emit('session:changed', locked()));
    expect(stores.idleWarning.getState().locksAt).toBeNull();

    act(() => bridge.emit('session:idleWarning', { locksAt: inSeconds(20) }));
    expect(stores.idleWarning.getState().locksAt).toBeNull();
    expect(screen.queryByTestId('idle-warning')).toBeNull();
  });
});
