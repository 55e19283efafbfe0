import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AttentionView } from '#shared/attention/index.ts';
import { fail, FakeBridge, ok } from '../../test-support/fake-bridge.ts';
import { attentionItem, SERVER, signedIn, signedOut, site, siteView, syncStatus } from '../../test-support/fixtures.ts';
import { renderConsole } from '../../test-support/render-console.tsx';
import { signedInScript } from '../../test-support/signed-in-script.ts';

function attention(overrides: Partial<AttentionView> = {}): AttentionView {
  return {
    items: [
      attentionItem({ title: 'Appliance offline', siteId: 'site-1', clinicName: 'Alder Family Dental', timestamp: '2026-01-15T08:00:00Z' }),
      attentionItem({
        type: 'l3_escalation',
        severity: 'critical',
        title: 'L3: backup failed',
        siteId: 'site-2',
        clinicName: 'Birch Pediatrics',
        timestamp: '2026-01-15T07:00:00Z',
        incidentId: 'inc-1',
      }),
      attentionItem({ type: 'repeat_failure', title: 'Patch check failing again', siteId: 'site-1', timestamp: '2026-01-15T09:00:00Z' }),
      attentionItem({
        type: 'l3_escalation',
        severity: 'critical',
        title: 'L3: disk encryption off',
        siteId: 'site-1',
        timestamp: '2026-01-15T09:30:00Z',
        incidentId: 'inc-2',
      }),
    ],
    l3Count: 3,
    repeatCount: 2,
    offlineCount: 5,
    asOf: '2026-01-15T10:00:20Z',
    ...overrides,
  };
}

function signedInBridge(view: AttentionView = attention()) {
  return new FakeBridge({
    ...signedInScript([site(1, { clinicName: 'Alder Family Dental' }), site(2, { clinicName: 'Birch Pediatrics' })]),
    'attention:list': ok(view),
    'site:open': ok(siteView('site-2', { clinicName: 'Birch Pediatrics' })),
    'site:close': ok({ closed: true }),
  });
}

describe('needs attention (fake bridge)', () => {
  it('shows the counts and the items, critical first then newest (fake bridge)', async () => {
    await renderConsole(signedInBridge());
    const panel = await screen.findByRole('region', { name: 'Needs attention' });

    expect(within(panel).getByTestId('attention-summary').textContent).toBe('3 L3 escalations · 2 repeat failures · 5 offline appliances');
    const items = await within(panel).findAllByTestId('attention-item');
    expect(items.map((item) => item.querySelector('.attention-title')?.textContent)).toEqual([
      'L3: disk encryption off',
      'L3: backup failed',
      'Patch check failing again',
      'Appliance offline',
    ]);
    expect(items[0]!.querySelector('.severity')?.textContent).toBe('critical');
    expect(items[0]!.querySelector('.severity')?.className).toContain('severity-critical');
    expect(items[3]!.querySelector('.severity')?.textContent).toBe('warning');
    expect(within(panel).getByTestId('attention-as-of').getAttribute('data-as-of')).toBe('2026-01-15T10:00:20Z');
  });

  it('counts in the singular for one (fake bridge)', async () => {
    await renderConsole(signedInBridge(attention({ l3Count: 1, repeatCount: 1, offlineCount: 0 })));
    await screen.findAllByTestId('attention-item');
    expect(screen.getByTestId('attention-summary').textContent).toBe('1 L3 escalation · 1 repeat failure · 0 offline appliances');
  });

  it('clicking an item opens that site (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { user } = await renderConsole(bridge);
    await user.click(await screen.findByRole('button', { name: /L3: backup failed/ }));

    expect(bridge.callsTo('site:open')).toEqual([{ siteId: 'site-2' }]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Birch Pediatrics' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Appliances' })).toBeTruthy();
  });

  it('collapses and expands (fake bridge)', async () => {
    const { user } = await renderConsole(signedInBridge());
    await screen.findAllByTestId('attention-item');
    const toggle = screen.getByRole('button', { name: /Needs attention/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');

    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryAllByTestId('attention-item')).toHaveLength(0);
    expect(screen.getByTestId('attention-summary').textContent).toContain('3 L3 escalations');

    await user.click(toggle);
    expect(screen.getAllByTestId('attention-item')).toHaveLength(4);
  });

  it('Refresh starts a fleet sync in core, disabled while offline (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('sync:now', ok(syncStatus({ phase: 'syncing' })));
    const { user } = await renderConsole(bridge);
    const panel = await screen.findByRole('region', { name: 'Needs attention' });
    await within(panel).findAllByTestId('attention-item');
    const listed = bridge.callsTo('attention:list').length;

    await user.click(within(panel).getByRole('button', { name: 'Refresh' }));

    expect(bridge.callsTo('sync:now')).toHaveLength(1);
    // The list itself comes again with the sync's data:changed, not from the cache now.
    expect(bridge.callsTo('attention:list')).toHaveLength(listed);

    act(() => bridge.emit('session:changed', signedIn('offline')));
    expect((within(panel).getByRole('button', { name: 'Refresh' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('refetches on data:changed and drops the list on session end (fake bridge)', async () => {
    const bridge = signedInBridge();
    const { stores } = await renderConsole(bridge);
    await screen.findAllByTestId('attention-item');
    expect(bridge.callsTo('attention:list')).toHaveLength(1);

    bridge.answer('attention:list', ok(attention({ items: [], l3Count: 0, repeatCount: 0, offlineCount: 0 })));
    act(() => bridge.emit('data:changed', { kinds: ['attention'], syncedAt: '2026-01-15T10:01:30Z' }));
    expect(await screen.findByText('Nothing needs attention right now.')).toBeTruthy();
    expect(bridge.callsTo('attention:list')).toHaveLength(2);

    act(() => bridge.emit('session:changed', signedOut({ server: SERVER })));
    expect(stores.attention.getState().view).toBeNull();
  });

  it('a fleet-sized list renders only the rows on screen, and scrolling shows the ones further down (fake bridge)', async () => {
    const items = Array.from({ length: 5000 }, (_, index) =>
      attentionItem({ title: `Appliance offline ${index}`, siteId: `site-${index}`, timestamp: new Date(Date.UTC(2026, 0, 15) - index * 60_000).toISOString() }),
    );
    await renderConsole(signedInBridge(attention({ items })));
    const panel = await screen.findByRole('region', { name: 'Needs attention' });
    await within(panel).findByText('Appliance offline 0');
    // A screenful and a margin, not 5,000 rows (each kept its DOM nodes and fibers alive).
    expect(within(panel).getAllByTestId('attention-item').length).toBeLessThan(30);
    expect(within(panel).getAllByTestId('attention-item')[0]!.closest('li')?.getAttribute('aria-setsize')).toBe('5000');

    const box = panel.querySelector<HTMLElement>('#attention-items')!;
    act(() => {
      box.scrollTop = 4000 * 28;
      fireEvent.scroll(box);
    });
    const far = within(panel).getByText('Appliance offline 4000').closest('li')!;
    expect(far.getAttribute('aria-posinset')).toBe('4001');
    expect(within(panel).queryByText('Appliance offline 0')).toBeNull();
    expect(within(panel).getAllByTestId('attention-item').length).toBeLessThan(30);
  });

  it('a failed attention:list shows its message without hiding the fleet (fake bridge)', async () => {
    const bridge = signedInBridge();
    bridge.answer('attention:list', fail('server-error', 'Central Command answered 500 for /api/dashboard/attention.'));
    await renderConsole(bridge);

    expect(await screen.findByText('Central Command answered 500 for /api/dashboard/attention.')).toBeTruthy();
    expect(screen.getAllByTestId('site-row')).toHaveLength(2);
  });
});
