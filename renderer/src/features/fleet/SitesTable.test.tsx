import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../test-support/fake-bridge.ts';
import { windowedOverview } from '../../test-support/fixtures.ts';
import { renderConsole } from '../../test-support/render-console.tsx';
import { signedInScript } from '../../test-support/signed-in-script.ts';

const ROW_HEIGHT = 32;

function largeFleetBridge(count: number) {
  return new FakeBridge({ ...signedInScript([]), 'fleet:overview': windowedOverview(count) });
}

function windowsAsked(bridge: FakeBridge) {
  return bridge.callsTo('fleet:overview').map((input) => input as { window: { offset: number }; limit: number });
}

describe('sites table over a windowed list (fake bridge)', () => {
  it('a 30,000-site fleet asks only for the window on screen and counts every site (fake bridge)', async () => {
    const bridge = largeFleetBridge(30_000);
    await renderConsole(bridge);
    expect(await screen.findByText('Clinic 000')).toBeTruthy();
    expect(screen.getByTestId('site-count').textContent).toBe('30000 sites');
    expect(screen.getByRole('table', { name: 'Sites' }).getAttribute('aria-rowcount')).toBe('30001');
    expect(windowsAsked(bridge).map(({ window, limit }) => [window.offset, limit])).toEqual([[0, 100]]);
    // A screenful is rendered, not 30,000 rows.
    expect(screen.getAllByTestId('site-row').length).toBeLessThan(60);
  });

  it('scrolling far down fetches that window and drops the windows far from it (fake bridge)', async () => {
    const bridge = largeFleetBridge(30_000);
    const { stores } = await renderConsole(bridge);
    await screen.findByText('Clinic 000');
    const table = screen.getByRole('table', { name: 'Sites' });

    await act(async () => {
      table.scrollTop = 20_000 * ROW_HEIGHT;
      fireEvent.scroll(table);
    });
    const row = await screen.findByText('Clinic 20000');
    expect(row.closest('[role="row"]')?.getAttribute('aria-rowindex')).toBe('20002');
    const offsets = windowsAsked(bridge).map(({ window }) => window.offset);
    expect(offsets).toContain(20_000);
    expect(Math.max(...windowsAsked(bridge).map(({ limit }) => limit))).toBe(100);
    // The first window is far from the viewport now: dropped, not kept.
    expect(stores.fleetSites.getState().rowAt(0)).toBeUndefined();
    expect(stores.fleetSites.getState().rowAt(20_000)?.siteId).toBe('site-20000');
  });

  it('data:changed refetches only the windows in view (fake bridge)', async () => {
    const bridge = largeFleetBridge(3000);
    await renderConsole(bridge);
    await screen.findByText('Clinic 000');
    const before = windowsAsked(bridge).length;
    act(() => bridge.emit('data:changed', { kinds: ['fleet'], syncedAt: null }));
    await screen.findByText('Clinic 000');
    const reloads = windowsAsked(bridge).slice(before);
    expect(reloads.map(({ window }) => window.offset)).toEqual([0]);
    expect(within(screen.getByRole('table', { name: 'Sites' })).getAllByTestId('site-row').length).toBeGreaterThan(10);
  });
});
