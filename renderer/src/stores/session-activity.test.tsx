import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContractClient } from '#shared/ipc/client.ts';
import type { SessionSnapshot } from '#shared/ipc/contract.ts';
import { FakeBridge, ok } from '../test-support/fake-bridge.ts';
import { appInfo, locked, settings, signedIn, signedOut, site } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';
import { createSessionStore } from './session-store.ts';
import { signedInScript } from '../test-support/signed-in-script.ts';

// The tests run in Node under jsdom; the renderer's types know no Node, so only what this file uses is declared.
declare const process: {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): void;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): void;
};

async function sessionStoreIn(snapshot: SessionSnapshot) {
  const bridge = new FakeBridge({ 'session:get': ok(snapshot), 'session:activity': ok({}) });
  const store = createSessionStore(createContractClient(bridge));
  await store.getState().load();
  return { bridge, store };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('activity reports (fake bridge)', () => {
  it('sends one session:activity per second however often the technician moves (fake bridge)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { bridge, store } = await sessionStoreIn(signedIn());

    for (let i = 0; i < 20; i++) {
      store.getState().reportActivity();
      vi.advanceTimersByTime(40);
    }
    expect(bridge.callsTo('session:activity')).toHaveLength(1);

    vi.advanceTimersByTime(200); // 1000 ms after the first report
    store.getState().reportActivity();
    store.getState().reportActivity();
    expect(bridge.callsTo('session:activity')).toHaveLength(2);
  });

  it.each([
    ['signed-out', signedOut()],
    ['locked', locked()],
  ] as const)('sends nothing while %s (fake bridge)', async (_state, snapshot) => {
    const { bridge, store } = await sessionStoreIn(snapshot);

    store.getState().reportActivity();

    expect(bridge.callsTo('session:activity')).toHaveLength(0);
  });

  it('a failed report rejects nowhere and the next one still goes out (fake bridge)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { bridge, store } = await sessionStoreIn(signedIn());
    bridge.answer('session:activity', () => Promise.reject(new Error('bridge gone')));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      expect(() => store.getState().reportActivity()).not.toThrow();
      // Node reports an unhandled rejection once the microtasks have run: a macrotask later it would be in.
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);

    bridge.answer('session:activity', ok({}));
    vi.advanceTimersByTime(1000);
    store.getState().reportActivity();
    expect(bridge.callsTo('session:activity')).toHaveLength(2);
  });

  it('keyboard and mouse use anywhere in the window is reported, throttled (fake bridge)', async () => {
    const bridge = new FakeBridge({
      ...signedInScript([site(1)]),
      'settings:get': ok(settings()),
      'session:activity': ok({}),
    });
    await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    vi.useFakeTimers({ toFake: ['Date'] });

    fireEvent.pointerMove(window);
    fireEvent.keyDown(document.body, { key: 'a' });
    fireEvent.wheel(screen.getByRole('table', { name: 'Sites' }));
    expect(bridge.callsTo('session:activity')).toHaveLength(1);

    vi.advanceTimersByTime(1000);
    fireEvent.pointerDown(document.body);
    expect(bridge.callsTo('session:activity')).toHaveLength(2);
  });

  it('reports nothing from the lock screen (fake bridge)', async () => {
    const bridge = new FakeBridge({ 'app:info': ok(appInfo()), 'session:get': ok(locked()), 'session:activity': ok({}) });
    const { user } = await renderConsole(bridge);

    await user.type(screen.getByTestId('unlock-password'), 'abc');
    fireEvent.pointerMove(window);

    expect(bridge.callsTo('session:activity')).toHaveLength(0);
  });
});
