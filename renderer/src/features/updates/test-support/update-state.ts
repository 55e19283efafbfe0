import { screen } from '@testing-library/react';
import type { UpdateState } from '#shared/update/index.ts';
import { FakeBridge, ok } from '../../../test-support/fake-bridge.ts';
import { site } from '../../../test-support/fixtures.ts';
import { renderConsole } from '../../../test-support/render-console.tsx';
import { signedInScript } from '../../../test-support/signed-in-script.ts';

/** Test support: core's update state, and a signed-in console whose update:get answers it. */
export function updateState(overrides: Partial<UpdateState> = {}): UpdateState {
  return {
    phase: 'idle',
    currentVersion: '1.4.0',
    channel: 'latest',
    update: null,
    progress: null,
    restartBlockedBy: null,
    message: null,
    refused: false,
    lastCheckedAt: null,
    ...overrides,
  };
}

export const offered = { version: '1.5.0', releaseDate: '2026-12-01T08:00:00.000Z', releaseNotes: 'Sites load faster.\nThe lock screen names the account.' };
export const ready = (overrides: Partial<UpdateState> = {}) => updateState({ phase: 'ready', update: offered, ...overrides });

export async function consoleWith(update: UpdateState, extra: ConstructorParameters<typeof FakeBridge>[0] = {}) {
  const bridge = new FakeBridge({ ...signedInScript([site(1)]), 'update:get': ok(update), ...extra });
  const view = await renderConsole(bridge);
  await screen.findAllByTestId('site-row');
  return { bridge, ...view };
}
