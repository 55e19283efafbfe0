import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge, fail, ok } from '../test-support/fake-bridge.ts';
import { appInfo, mfaRequired, overview, SERVER, signedIn, signedOut, site, syncStatus } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';
import { followRetryCountdown } from '../test-support/retry-countdown.ts';

function signedOutBridge(overrides: ConstructorParameters<typeof FakeBridge>[0] = {}) {
  return new FakeBridge({
    'app:info': ok(appInfo()),
    'session:get': ok(signedOut()),
    'fleet:overview': ok(overview([site(1), site(2), site(3)])),
    'sync:status': ok(syncStatus()),
    'profiles:list': ok({ profiles: [] }),
    ...overrides,
  });
}

async function fillSignInForm(user: Awaited<ReturnType<typeof renderConsole>>['user'], fields: { caFile?: string } = {}) {
  await user.type(screen.getByLabelText('Server URL'), 'https://central.example.test');
  if (fields.caFile) await user.type(screen.getByLabelText('CA certificate file'), fields.caFile);
  await user.type(screen.getByLabelText('Username'), 'tech@msp.example');
  await user.type(screen.getByLabelText('Password'), 'correct horse battery');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sign-in (fake bridge)', () => {
  it('signs in and shows the fleet (fake bridge)', async () => {
    const bridge = signedOutBridge({ 'session:signIn': ok(signedIn()) });
    const { user } = await renderConsole(bridge);

    await fillSignInForm(user, { caFile: '/etc/ssl/msp-ca.pem' });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('table', { name: 'Sites' })).toBeTruthy();
    expect(await screen.findAllByTestId('site-row')).toHaveLength(3);
    expect(screen.getByTestId('site-count').textContent).toBe('3 sites');
    expect(bridge.callsTo('session:signIn')).toEqual([
      {
        serverUrl: 'https://central.example.test',
        caFilePath: '/etc/ssl/msp-ca.pem',
        username: 'tech@msp.example',
        password: 'correct horse battery',
      },
    ]);
    expect(screen.getByText('Dana Reyes')).toBeTruthy();
    expect(screen.getByText('operator')).toBeTruthy();
  });

  it('keeps no password in any store after submitting (fake bridge)', async () => {
    const bridge = signedOutBridge({ 'session:signIn': fail('invalid-credentials', 'Invalid username or password.') });
    const { user, stores } = await renderConsole(bridge);

    await fillSignInForm(user);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('alert');

    const everyStore = Object.values(stores);
    expect(everyStore.length).toBeGreaterThan(5);
    expect(JSON.stringify(everyStore.map((store) => store.getState()))).not.toContain('correct horse battery');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('says which fields are missing instead of calling the core (fake bridge)', async () => {
    const bridge = signedOutBridge();
    const { user } = await renderConsole(bridge);

    await user.type(screen.getByLabelText('Server URL'), 'https://central.example.test');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByRole('alert').textContent).toBe('Enter your username, password.');
    expect(bridge.callsTo('session:signIn')).toHaveLength(0);
  });

  it('goes through the TOTP step to the fleet (fake bridge)', async () => {
    const bridge = signedOutBridge({ 'session:signIn': ok(mfaRequired()), 'session:verifyTotp': ok(signedIn()) });
    const { user } = await renderConsole(bridge);

    await fillSignInForm(user);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.type(await screen.findByLabelText('Authentication code'), '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('table', { name: 'Sites' })).toBeTruthy();
    expect(bridge.callsTo('session:verifyTotp')).toEqual([{ code: '123456' }]);
  });

  it('cancels the TOTP step back to the sign-in form (fake bridge)', async () => {
    const bridge = signedOutBridge({
      'session:get': ok(mfaRequired()),
      'session:cancelMfa': ok(signedOut({ server: SERVER })),
    });
    const { user } = await renderConsole(bridge);

    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(await screen.findByLabelText('Server URL')).toBeTruthy();
    expect((screen.getByLabelText('Server URL') as HTMLInputElement).value).toBe(SERVER.origin);
    expect(bridge.callsTo('session:cancelMfa')).toHaveLength(1);
  });

  it('refuses a malformed code locally and shows a rejected code from the server (fake bridge)', async () => {
    const bridge = signedOutBridge({
      'session:get': ok(mfaRequired()),
      'session:verifyTotp': fail('mfa-invalid', 'That code is not valid. Check the time on your phone.'),
    });
    const { user } = await renderConsole(bridge);

    await user.type(screen.getByLabelText('Authentication code'), '12');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(screen.getByRole('alert').textContent).toContain('6-digit code');
    expect(bridge.callsTo('session:verifyTotp')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Authentication code'));
    await user.type(screen.getByLabelText('Authentication code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toContain('That code is not valid. Check the time on your phone.');
  });

  it('counts down a rate-limited code with Verify disabled and never retries by itself (fake bridge)', async () => {
    const bridge = signedOutBridge({
      'session:get': ok(mfaRequired()),
      'session:verifyTotp': fail('rate-limited', 'Too many codes tried.', { retryAfterSeconds: 15 }),
    });
    const { user } = await renderConsole(bridge);
    await user.type(screen.getByLabelText('Authentication code'), '654321');

    // The countdown's clock and ticks are ours from here on; user-event's own waits stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect((await screen.findByRole('alert')).textContent).toContain('Too many codes tried.');
    followRetryCountdown(screen.getByRole('button', { name: 'Verify' }) as HTMLButtonElement, 15, 6);
    expect(bridge.callsTo('session:verifyTotp')).toHaveLength(1);
  });

  it.each([
    ['invalid-credentials', 'Invalid username or password.', 'Sign-in refused'],
    ['account-locked', 'This account is locked for 15 minutes after 5 failed attempts.', 'Account locked'],
    ['unreachable', 'Central Command at central.example.test could not be reached.', 'Server unreachable'],
    ['timeout', 'Central Command did not answer within 15 seconds.', 'No answer in time'],
    ['insecure-url', 'Only https:// addresses are allowed.', 'HTTPS required'],
  ] as const)('shows %s with the server message as is (fake bridge)', async (code, message, title) => {
    const bridge = signedOutBridge({ 'session:signIn': fail(code, message) });
    const { user } = await renderConsole(bridge);

    await fillSignInForm(user);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(message)).toBeTruthy();
    expect(within(alert).getByText(title)).toBeTruthy();
    expect(alert.getAttribute('data-error-code')).toBe(code);
  });

  it('shows mfa-expired on the sign-in form once core ends the code step (fake bridge)', async () => {
    const bridge = signedOutBridge({
      'session:get': ok(mfaRequired()),
      'session:verifyTotp': fail('mfa-expired', 'The sign-in step timed out.'),
    });
    const { user } = await renderConsole(bridge);

    await user.type(screen.getByLabelText('Authentication code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await screen.findByRole('alert');
    act(() => bridge.emit('session:changed', signedOut({ server: SERVER })));

    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('The sign-in step timed out.');
  });

  it('counts down a rate limit with Sign in disabled and never retries by itself (fake bridge)', async () => {
    const bridge = signedOutBridge({
      'session:signIn': fail('rate-limited', 'Too many sign-in attempts.', { retryAfterSeconds: 30 }),
    });
    const { user } = await renderConsole(bridge);
    await fillSignInForm(user);

    // The countdown's clock and ticks are ours from here on; user-event's own waits stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toContain('Too many sign-in attempts.');
    followRetryCountdown(screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement, 30, 10);
    expect(bridge.callsTo('session:signIn')).toHaveLength(1);
  });

  it('shows the certificate fingerprint and moves focus to the CA file field (fake bridge)', async () => {
    const fingerprint = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
    const bridge = signedOutBridge({
      'session:signIn': fail('certificate-untrusted', "The server's certificate is not trusted.", {
        fingerprint256: fingerprint,
        subject: 'CN=central.example.test',
        issuer: 'CN=MSP Private Root CA',
      }),
    });
    const { user } = await renderConsole(bridge);

    await fillSignInForm(user);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByTestId('certificate-fingerprint').textContent).toBe(fingerprint);
    expect(within(alert).getByText('CN=central.example.test')).toBeTruthy();
    expect(within(alert).getByText('CN=MSP Private Root CA')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('CA certificate file'));
  });

  it('offers Browse… only where the shell can pick files, and fills the path (fake bridge)', async () => {
    const withoutPicker = await renderConsole(signedOutBridge());
    expect(screen.queryByRole('button', { name: 'Browse…' })).toBeNull();
    withoutPicker.unmount();

    const bridge = signedOutBridge({
      'app:info': ok(appInfo({ canChooseFiles: true })),
      'dialog:chooseCaFile': ok({ path: '/home/dana/msp-root.pem' }),
    });
    const { user } = await renderConsole(bridge);
    await user.click(screen.getByRole('button', { name: 'Browse…' }));

    expect((screen.getByLabelText('CA certificate file') as HTMLInputElement).value).toBe('/home/dana/msp-root.pem');
  });

  it('prefills the server and shows the session notice (fake bridge)', async () => {
    const bridge = signedOutBridge({
      'session:get': ok({
        state: 'expired',
        connectivity: null,
        server: { origin: 'https://cc.msp.example', caFilePath: '/etc/msp/ca.pem' },
        user: null,
        notice: 'Your session expired. Sign in again to continue.',
      }),
    });
    await renderConsole(bridge);

    expect((screen.getByLabelText('Server URL') as HTMLInputElement).value).toBe('https://cc.msp.example');
    expect((screen.getByLabelText('CA certificate file') as HTMLInputElement).value).toBe('/etc/msp/ca.pem');
    expect(screen.getByRole('status').textContent).toBe('Your session expired. Sign in again to continue.');
  });
});
