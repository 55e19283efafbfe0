import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge, ok } from '../test/fake-bridge.ts';
import { appInfo, overview, signedIn, site, syncStatus } from '../test/fixtures.ts';
import { renderConsole } from '../test/render-console.tsx';

function bridgeWithNotice(notice: string | null) {
  return new FakeBridge({
    'app:info': ok(appInfo()),
    'session:get': ok({ ...signedIn(), notice }),
    'fleet:overview': ok(overview([site(1)])),
    'sync:status': ok(syncStatus()),
  });
}

describe('console header notice (fake bridge)', () => {
  it('shows what core tells the technician while signed in, as text (fake bridge)', async () => {
    await renderConsole(bridgeWithNotice('The local copy <b>could not be read</b>; it was moved aside.'));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('<b>could not be read</b>');
    expect(notice.querySelector('b')).toBeNull();
  });

  it('shows no notice when there is none (fake bridge)', async () => {
    await renderConsole(bridgeWithNotice(null));
    await screen.findAllByTestId('site-row');
    expect(screen.queryByText(/moved aside/)).toBeNull();
  });
});
