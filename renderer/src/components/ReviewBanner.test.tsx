import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge, fail, ok } from '../test-support/fake-bridge.ts';
import { appInfo, attentionItem, orgPage, overview, reviewing, signedIn, site, siteView, syncStatus } from '../test-support/fixtures.ts';
import { renderConsole } from '../test-support/render-console.tsx';

const REACHABLE = 'Central Command is reachable again. Enter your password to sign in and resume syncing.';

function reviewBridge() {
  return new FakeBridge({
    'app:info': ok(appInfo()),
    'session:get': ok(reviewing()),
    'fleet:overview': ok(overview([site(1), site(2)], { syncedAt: new Date(Date.now() - 3 * 3600_000).toISOString() })),
    'fleet:orgs': ok(orgPage([])),
    'attention:list': ok({ items: [attentionItem()], l3Count: 0, repeatCount: 0, offlineCount: 1, asOf: '2026-01-15T10:00:20Z' }),
    'sync:status': ok(syncStatus({ lastSyncedAt: null })),
    'settings:get': fail('internal', 'not part of these tests'),
    'update:get': fail('internal', 'not part of these tests'),
    'site:open': ok(siteView('site-1')),
    'session:unlock': ok(signedIn()),
  });
}

describe('reviewing cached data (fake bridge)', () => {
  it('shows the fleet under a banner that says how old it is, with Sync now disabled and the sentence beside it (fake bridge)', async () => {
    const bridge = reviewBridge();
    await renderConsole(bridge);

    expect(await screen.findAllByTestId('site-row')).toHaveLength(2);
    expect((await screen.findByTestId('review-banner')).textContent).toMatch(/^Reviewing cached data — last synced 3 h ago/);
    const syncNow = screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement;
    expect(syncNow.disabled).toBe(true);
    // The attention panel's Refresh is the same sync, refused the same way.
    const notes = screen.getAllByTestId('review-refusal');
    expect(notes.map((note) => note.textContent)).toEqual([0, 1, 2].map(() => expect.stringMatching(/^Sign in to Central Command to sync now/)));
    // On screen once (the status bar); the panels' Refresh buttons carry it for screen readers.
    expect(notes.filter((note) => !note.classList.contains('visually-hidden'))).toHaveLength(1);
    expect(syncNow.title).toMatch(/^Sign in to Central Command to sync now\./);
    // Said on screen and announced with the button, not only in a tooltip.
    const note = document.getElementById(syncNow.getAttribute('aria-describedby')!)!;
    expect(note.textContent).toMatch(/^Sign in to Central Command to sync now\./);
    expect(screen.getByTestId('connectivity').textContent).toBe('Not signed in — showing cached data');
    expect(screen.queryByTestId('review-sign-in')).toBeNull();
    expect(bridge.callsTo('sync:now')).toEqual([]);
  });

  it('opens a site page from the cache with Refresh disabled and the sentence (fake bridge)', async () => {
    const bridge = reviewBridge();
    const { user } = await renderConsole(bridge);
    await user.click((await screen.findAllByTestId('site-row'))[0]!);

    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    const refresh = screen.getByRole('button', { name: 'Refresh' }) as HTMLButtonElement;
    expect(refresh.disabled).toBe(true);
    expect(document.getElementById(refresh.getAttribute('aria-describedby')!)!.textContent).toMatch(/^Sign in to Central Command to refresh this site\./);
    expect(screen.getByTestId('review-banner')).toBeTruthy();
    expect(bridge.callsTo('site:refresh')).toEqual([]);
  });

  it('when core finds Central Command reachable again, says so and offers the sign-in that resumes syncing (fake bridge)', async () => {
    const bridge = reviewBridge();
    const { user } = await renderConsole(bridge);
    await screen.findByTestId('review-banner');

    act(() => bridge.emit('session:changed', reviewing('online', REACHABLE)));
    expect((await screen.findByTestId('review-reachable')).textContent).toBe(REACHABLE);
    // The notice is said once, in the review banner.
    expect(screen.getAllByText(REACHABLE)).toHaveLength(1);

    await user.type(screen.getByTestId('review-password'), 'the password');
    await user.click(screen.getByTestId('review-sign-in'));
    expect(bridge.callsTo('session:unlock')).toEqual([{ password: 'the password' }]);
    expect(await screen.findByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', false);
    expect(screen.queryByTestId('review-banner')).toBeNull();
    expect(screen.queryByTestId('review-password')).toBeNull();
  });

  it('a sign-in that fails keeps the review and says why (fake bridge)', async () => {
    const bridge = reviewBridge();
    bridge.answer('session:unlock', fail('invalid-credentials', 'Invalid username or password.'));
    const { user } = await renderConsole(bridge);
    act(() => bridge.emit('session:changed', reviewing('online', REACHABLE)));
    await user.type(await screen.findByTestId('review-password'), 'wrong');
    await user.click(screen.getByTestId('review-sign-in'));

    expect((await screen.findByTestId('session-action-error')).textContent).toBe('Invalid username or password.');
    expect(screen.getByTestId('review-banner')).toBeTruthy();
    expect((screen.getByTestId('review-password') as HTMLInputElement).value).toBe('');
  });
});
