import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '#shared/ipc/contract.ts';
import { fail, FakeBridge, ok } from '../test-support/fake-bridge.ts';
import { appInfo, OTHER_SERVER, OTHER_USER, otherProfile, overview, profile, SERVER, signedIn, signedOut, site, syncStatus } from '../test-support/fixtures.ts';
import { loadedSiteIds } from '../test-support/sites-list.ts';
import { renderConsole } from '../test-support/render-console.tsx';
import { signedInScript } from '../test-support/signed-in-script.ts';

function signedInBridge() {
  return new FakeBridge({
    ...signedInScript([site(1), site(2)]),
    'profiles:list': ok({ profiles: [profile(), otherProfile()] }),
  });
}

async function openMenu(user: Awaited<ReturnType<typeof renderConsole>>['user']) {
  await screen.findAllByTestId('site-row');
  await user.click(screen.getByRole('button', { name: /central\.example\.test/ }));
  return screen.findByRole('menu', { name: 'Server profiles' });
}

describe('profile switcher (fake bridge)', () => {
  it('lists the profiles with the active one marked and its session hint (fake bridge)', async () => {
    const { user } = await renderConsole(signedInBridge());
    const menu = await openMenu(user);

    const items = within(menu).getAllByRole('menuitem').filter((item) => item.getAttribute('aria-label') === null);
    expect(items.map((item) => item.textContent)).toEqual([
      `${SERVER.origin}Dana Reyesoperatorcurrentpassword to unlock`,
      `${OTHER_SERVER.origin}Sam Okaforadminsign-in needed`,
      'Add a server or account…',
    ]);
    expect(items[0]?.getAttribute('aria-current')).toBe('true');
    expect(items[1]?.getAttribute('aria-current')).toBeNull();
    // The header still shows the server origin while the menu is closed or open.
    expect(screen.getByText(SERVER.origin, { selector: '.header-origin' })).toBeTruthy();
  });

  it('choosing another profile calls profiles:switch with its id and reloads the list (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('profiles:switch', ok(signedOut({ server: OTHER_SERVER })));
    const { user } = await renderConsole(bridge);
    const menu = await openMenu(user);
    const listedBefore = bridge.callsTo('profiles:list').length;

    await user.click(within(menu).getByRole('menuitem', { name: /cc\.other-msp\.test.*Sam Okafor/ }));

    expect(bridge.callsTo('profiles:switch')).toEqual([{ profileId: 'p-2' }]);
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect((screen.getByLabelText('Server URL') as HTMLInputElement).value).toBe(OTHER_SERVER.origin);
    expect(bridge.callsTo('profiles:list').length).toBeGreaterThan(listedBefore);
  });

  it('"Add a server or account…" calls profiles:add (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('profiles:add', ok(signedOut()));
    const { user } = await renderConsole(bridge);
    const menu = await openMenu(user);

    await user.click(within(menu).getByRole('menuitem', { name: 'Add a server or account…' }));

    expect(bridge.callsTo('profiles:add')).toEqual([undefined]);
    expect(await screen.findByLabelText('Server URL')).toBeTruthy();
    expect(bridge.callsTo('profiles:switch')).toHaveLength(0);
  });

  it('Remove asks first; only "Remove local data" sends {profileId, confirm: true} (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('profiles:remove', ok({ profiles: [profile()] }));
    const { user, stores } = await renderConsole(bridge);
    const menu = await openMenu(user);

    await user.click(within(menu).getByRole('menuitem', { name: `Remove Sam Okafor (${OTHER_USER.username})…` }));

    const dialog = screen.getByRole('dialog', { name: 'Remove profile' });
    expect(dialog.textContent).toContain(
      `the session, the encryption key and the cached data of ${OTHER_SERVER.origin} (${OTHER_USER.username}) on this computer; nothing on Central Command changes`,
    );
    expect(bridge.callsTo('profiles:remove')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Remove local data' }));

    expect(bridge.callsTo('profiles:remove')).toEqual([{ profileId: 'p-2', confirm: true }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    // The list core answered with replaces the old one.
    expect(stores.profiles.getState().profiles.map((p) => p.id)).toEqual(['p-1']);
  });

  it('a failed removal keeps the dialog open with core\'s reason and the list as it was (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('profiles:remove', fail('internal', 'The cache file of this profile is in use and was not deleted.'));
    const { user, stores } = await renderConsole(bridge);
    const menu = await openMenu(user);
    await user.click(within(menu).getByRole('menuitem', { name: `Remove Sam Okafor (${OTHER_USER.username})…` }));
    const dialog = screen.getByRole('dialog', { name: 'Remove profile' });

    await user.click(within(dialog).getByRole('button', { name: 'Remove local data' }));

    expect(bridge.callsTo('profiles:remove')).toEqual([{ profileId: 'p-2', confirm: true }]);
    expect(screen.getByRole('dialog', { name: 'Remove profile' })).toBe(dialog);
    expect(within(dialog).getByRole('alert').textContent).toContain('The cache file of this profile is in use and was not deleted.');
    expect(stores.profiles.getState().profiles.map((p) => p.id)).toEqual(['p-1', 'p-2']);

    // Trying again once core can remove it closes the dialog.
    bridge.answer('profiles:remove', ok({ profiles: [profile()] }));
    await user.click(within(dialog).getByRole('button', { name: 'Remove local data' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(stores.profiles.getState().profiles.map((p) => p.id)).toEqual(['p-1']);
  });

  it('Cancel and Escape close the confirmation without a call (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('profiles:remove', ok({ profiles: [] }));
    const { user } = await renderConsole(bridge);
    let menu = await openMenu(user);

    await user.click(within(menu).getByRole('menuitem', { name: 'Remove Dana Reyes (tech@msp.example)…' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Remove profile' })).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: /central\.example\.test/ }));
    menu = screen.getByRole('menu', { name: 'Server profiles' });
    await user.click(within(menu).getByRole('menuitem', { name: `Remove Sam Okafor (${OTHER_USER.username})…` }));
    expect(screen.getByRole('dialog', { name: 'Remove profile' })).toBeTruthy();
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.callsTo('profiles:remove')).toHaveLength(0);
  });

  it('the menu is keyboard usable and closes on Escape and outside click (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('profiles:switch', ok(signedOut({ server: OTHER_SERVER })));
    const { user } = await renderConsole(bridge);
    const menu = await openMenu(user);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    const trigger = screen.getByRole('button', { name: /central\.example\.test/ });
    expect(document.activeElement).toBe(trigger);
    expect(menu.isConnected).toBe(false);

    await user.click(trigger);
    expect(screen.getByRole('menu')).toBeTruthy();
    await user.click(screen.getByRole('table', { name: 'Sites' }));
    expect(screen.queryByRole('menu')).toBeNull();

    // Keyboard only: Enter opens, arrows move, Enter chooses.
    trigger.focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('menu');
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(bridge.callsTo('profiles:switch')).toEqual([{ profileId: 'p-2' }]);
  });

  it('switching between two signed-in profiles clears the first one\'s sites before the second loads (fake bridge)', async () => {
    const bridge = signedInBridge();
    const second = { ...signedIn(), server: OTHER_SERVER, user: OTHER_USER };
    bridge.answer('profiles:switch', ok(second));
    const { user, stores } = await renderConsole(bridge);
    const menu = await openMenu(user);
    expect(loadedSiteIds(stores)).toEqual(['site-1', 'site-2']);

    let answerSecond: (result: IpcResult) => void = () => {};
    bridge.answer('fleet:overview', () => new Promise<IpcResult>((resolve) => (answerSecond = resolve)));
    // Found by its server address alone, as the e2e scenario does: exactly one menu item matches.
    await user.click(within(menu).getByRole('menuitem', { name: /cc\.other-msp\.test/ }));

    expect(bridge.callsTo('profiles:switch')).toEqual([{ profileId: 'p-2' }]);
    expect(stores.session.getState().snapshot?.user?.id).toBe(OTHER_USER.id);
    expect(stores.fleetSites.getState().answer).toBeNull();
    expect(screen.queryAllByTestId('site-row')).toHaveLength(0);

    await act(async () => answerSecond(ok(overview([site(7)]))));
    expect(loadedSiteIds(stores)).toEqual(['site-7']);
    expect(await screen.findAllByTestId('site-row')).toHaveLength(1);
  });
});

describe('known servers on the sign-in view (fake bridge)', () => {
  it('lists known servers and "Use …" calls profiles:switch, prefilling the form (fake bridge)', async () => {
    const bridge = new FakeBridge({
      'app:info': ok(appInfo()),
      'session:get': ok(signedOut()),
      'profiles:list': ok({ profiles: [profile({ active: false, hasSession: false }), otherProfile()] }),
      'profiles:switch': ok(signedOut({ server: OTHER_SERVER, user: OTHER_USER })),
    });
    const { user } = await renderConsole(bridge);

    const use = await screen.findByRole('button', { name: `Use ${OTHER_SERVER.origin} — Sam Okafor` });
    expect(screen.getByRole('button', { name: `Use ${SERVER.origin} — Dana Reyes` })).toBeTruthy();
    await user.click(use);

    expect(bridge.callsTo('profiles:switch')).toEqual([{ profileId: 'p-2' }]);
    expect((screen.getByLabelText('Server URL') as HTMLInputElement).value).toBe(OTHER_SERVER.origin);
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe(OTHER_USER.username);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('resumes a profile that still has a session (fake bridge)', async () => {
    const bridge = new FakeBridge({
      'app:info': ok(appInfo()),
      'session:get': ok(signedOut()),
      'profiles:list': ok({ profiles: [profile({ active: false })] }),
      'profiles:switch': ok(signedIn()),
      'fleet:overview': ok(overview([site(1)])),
      'sync:status': ok(syncStatus()),
    });
    const { user } = await renderConsole(bridge);

    await user.click(await screen.findByRole('button', { name: `Use ${SERVER.origin} — Dana Reyes` }));

    expect(bridge.callsTo('profiles:switch')).toEqual([{ profileId: 'p-1' }]);
    expect(await screen.findAllByTestId('site-row')).toHaveLength(1);
  });

  it('shows no known servers when there are no profiles (fake bridge)', async () => {
    const answers: ((result: IpcResult) => void)[] = [];
    const bridge = new FakeBridge({
      'app:info': ok(appInfo()),
      'session:get': ok(signedOut()),
      'profiles:list': () => new Promise<IpcResult>((resolve) => answers.push(resolve)),
    });
    const { stores } = await renderConsole(bridge);
    await screen.findByLabelText('Server URL');
    expect(bridge.callsTo('profiles:list').length).toBeGreaterThan(0);
    const written = vi.fn();
    stores.profiles.subscribe(written);

    // Asserted once core's (empty) answer has been written, not against the list's empty default.
    await act(async () => {
      for (const answer of answers) answer(ok({ profiles: [] }));
    });
    expect(written).toHaveBeenCalled();
    expect(screen.queryByText('Known servers')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Use / })).toBeNull();
  });

  it('says so when the known servers cannot be listed (fake bridge)', async () => {
    const bridge = new FakeBridge({
      'app:info': ok(appInfo()),
      'session:get': ok(signedOut()),
      'profiles:list': fail('internal', 'The profile list on this computer could not be read.'),
    });
    await renderConsole(bridge);

    const known = await screen.findByRole('region', { name: 'Known servers' });
    expect(within(known).getByRole('alert').textContent).toContain('The profile list on this computer could not be read.');
    expect(screen.queryByRole('button', { name: /^Use / })).toBeNull();
  });
});
