import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge, fail, ok } from '../test-support/fake-bridge.ts';
import { profile, settings, site } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';
import { signedInScript } from '../test-support/signed-in-script.ts';

const FINGERPRINT = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
const NEW_FINGERPRINT = '11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00';
const pinned = (fingerprints = [FINGERPRINT]) => ({ pinned: { sha256: 'f'.repeat(64), fingerprints } });

function bridgeWith(overrides: ConstructorParameters<typeof FakeBridge>[0] = {}) {
  return new FakeBridge({
    ...signedInScript([site(1)]),
    'profiles:list': ok({ profiles: [profile()] }),
    'settings:get': ok(settings()),
    'ca:pinned': ok(pinned()),
    ...overrides,
  });
}

async function openSection(bridge: FakeBridge) {
  const view = await renderConsole(bridge);
  await screen.findAllByTestId('site-row');
  await view.user.click(screen.getByTestId('open-settings'));
  const section = screen.getByTestId('settings-pinned-ca');
  return { view, section };
}

describe('Settings: pinned CA (fake bridge)', () => {
  it('shows the pinned CA’s fingerprint, asked for each time Settings open (fake bridge)', async () => {
    const bridge = bridgeWith();
    const { section } = await openSection(bridge);
    expect((await within(section).findByTestId('pinned-ca-fingerprints')).textContent).toBe(FINGERPRINT);
    expect(bridge.callsTo('ca:pinned')).toHaveLength(1);
  });

  it('says so when the server is trusted through the system’s CAs, and offers no replacement (fake bridge)', async () => {
    const { section } = await openSection(bridgeWith({ 'ca:pinned': ok({ pinned: null }) }));
    expect(await within(section).findByText(/no CA file is pinned/)).toBeTruthy();
    expect(within(section).queryByTestId('pinned-ca-replace')).toBeNull();
  });

  it('replaces it with the typed file and shows the new fingerprints (fake bridge)', async () => {
    const bridge = bridgeWith({ 'ca:replace': ok(pinned([NEW_FINGERPRINT, FINGERPRINT])) });
    const { view, section } = await openSection(bridge);
    const replace = await within(section).findByTestId('pinned-ca-replace');
    expect((replace as HTMLButtonElement).disabled).toBe(true);
    await view.user.type(within(section).getByLabelText('Replace with another CA file'), '  /home/dana/new-ca.pem ');
    await view.user.click(replace);
    expect(await within(section).findByText('The new CA file is pinned.')).toBeTruthy();
    expect(bridge.callsTo('ca:replace')).toEqual([{ caFilePath: '/home/dana/new-ca.pem' }]);
    expect(within(section).getByTestId('pinned-ca-fingerprints').textContent).toBe(`${NEW_FINGERPRINT}${FINGERPRINT}`);
  });

  it('shows core’s refusal as core wrote it and keeps showing the pinned CA (fake bridge)', async () => {
    const refusal = "The server's certificate is not signed by a CA this console trusts.";
    const bridge = bridgeWith({ 'ca:replace': fail('certificate-untrusted', refusal) });
    const { view, section } = await openSection(bridge);
    await view.user.type(await within(section).findByLabelText('Replace with another CA file'), '/tmp/wrong.pem');
    await view.user.click(within(section).getByTestId('pinned-ca-replace'));
    expect((await within(section).findByRole('alert')).textContent).toBe(refusal);
    expect(within(section).getByTestId('pinned-ca-fingerprints').textContent).toBe(FINGERPRINT);
  });
});
