import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge, ok } from '../../test-support/fake-bridge.ts';
import { locked, SERVER, site, siteView } from '../../test-support/fixtures.ts';
import { renderConsole } from '../../test-support/render-console.tsx';
import { signedInScript } from '../../test-support/signed-in-script.ts';

function signedInBridge() {
  return new FakeBridge({
    ...signedInScript([site(1, { clinicName: 'Alder Family Dental' }), site(2, { clinicName: 'Birch Pediatrics' })]),
    'site:open': ok(siteView('site-2', { clinicName: 'Birch Pediatrics' })),
    'site:close': ok({ closed: true }),
  });
}

describe('central-console:// links (fake bridge)', () => {
  it('a site link and an incident link open the site page and call nothing else (fake bridge)', async () => {
    const bridge = signedInBridge();
    await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    const before = bridge.calls.length;

    act(() => bridge.emit('deepLink:open', { kind: 'incident', siteId: 'site-2', incidentId: 'inc-7' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Birch Pediatrics' })).toBeTruthy();
    // Besides opening the page, only what the page and header read for themselves: nothing that acts.
    const READS = new Set(['site:open', 'profiles:list', 'ca:pinned', 'settings:get', 'update:get', 'attention:list', 'sync:status']);
    expect(bridge.calls.slice(before).map((call) => call.channel).filter((channel) => !READS.has(channel))).toEqual([]);
    expect(bridge.callsTo('site:open')).toEqual([{ siteId: 'site-2' }]);
  });

  it('a link that arrives after the console locked opens nothing (fake bridge)', async () => {
    const bridge = signedInBridge();
    await renderConsole(bridge);
    await screen.findAllByTestId('site-row');
    act(() => bridge.emit('session:changed', locked({ server: SERVER })));

    act(() => bridge.emit('deepLink:open', { kind: 'site', siteId: 'site-2' }));

    expect(bridge.callsTo('site:open')).toEqual([]);
  });
});
