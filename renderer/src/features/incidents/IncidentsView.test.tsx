import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { fail, FakeBridge, ok } from '../../test-support/fake-bridge.ts';
import { signedIn } from '../../test-support/fixtures.ts';
import { renderConsole } from '../../test-support/render-console.tsx';
import { signedInScript } from '../../test-support/signed-in-script.ts';
import { answerIncidents, incidentDetail, incidentRow } from './test-support/incident-script.ts';
import { installJsdomGaps } from './test-support/jsdom-gaps.ts';

beforeAll(installJsdomGaps);

const ROWS = Array.from({ length: 12 }, (_, index) => incidentRow(index));

function incidentsBridge(connectivity: 'online' | 'offline' = 'online') {
  const bridge = new FakeBridge({
    ...signedInScript([]),
    'session:get': ok(signedIn(connectivity)),
    'attention:list': ok({ items: [], l3Count: 0, repeatCount: 0, offlineCount: 0, asOf: '2026-01-15T10:00:30Z' }),
  });
  answerIncidents(bridge, ROWS);
  return bridge;
}

async function openIncidents(bridge: FakeBridge) {
  const rendered = await renderConsole(bridge);
  await rendered.user.click(await screen.findByRole('button', { name: 'Incidents' }));
  // The view is its own chunk: the first test of a run waits for it to be transformed and loaded.
  await screen.findByTestId('incidents-view', {}, { timeout: 10_000 });
  await waitFor(() => expect(screen.getAllByTestId('incident-row')).toHaveLength(ROWS.length));
  return rendered;
}

const searchBox = () => screen.getByRole('combobox', { name: 'Search incidents' }) as HTMLInputElement;
const lastSearch = (bridge: FakeBridge) => (bridge.callsTo('incidents:query').at(-1) as { search: string }).search;
const facet = (name: string) => screen.getByRole('group', { name });
const suggestions = () => within(screen.getByRole('listbox', { name: 'Suggestions' })).getAllByRole('option');

describe('incidents view (fake bridge)', () => {
  it('completes a field filter as it is typed, and the completed text is what core is asked (fake bridge)', async () => {
    const bridge = incidentsBridge();
    const { user } = await openIncidents(bridge);
    await user.click(searchBox());
    await user.keyboard('sev');
    expect(suggestions().map((option) => option.textContent)).toEqual([expect.stringMatching(/^severity:/)]);
    await user.keyboard('{Enter}');
    expect(searchBox().value).toBe('severity:');
    await user.keyboard('cr');
    expect(suggestions().map((option) => option.textContent)).toEqual([expect.stringMatching(/^critical/)]);
    await user.keyboard('{Enter}');
    expect(searchBox().value).toBe('severity:critical ');
    await waitFor(() => expect(lastSearch(bridge)).toBe('severity:critical '));
    await waitFor(() => expect(screen.getAllByTestId('incident-row')).toHaveLength(ROWS.filter((row) => row.severity === 'critical').length));
  });

  it('site: suggests the sites the cache counted, by name (fake bridge)', async () => {
    const { user } = await openIncidents(incidentsBridge());
    await user.click(searchBox());
    // Matched by the name a technician reads, inserted as the id core filters by.
    await user.keyboard('site:nic 2');
    expect(screen.queryByRole('listbox', { name: 'Suggestions' })).toBeNull();
    await user.clear(searchBox());
    await user.keyboard('site:2');
    await waitFor(() => expect(suggestions().map((option) => option.textContent)).toEqual([expect.stringMatching(/^Clinic 2/)]));
    await user.keyboard('{Enter}');
    expect(searchBox().value).toBe('site:site-2 ');
  });

  it('a filter control edits the text, and the text sets the controls (fake bridge)', async () => {
    const bridge = incidentsBridge();
    const { user } = await openIncidents(bridge);
    await user.type(searchBox(), 'ws');
    await waitFor(() => expect(within(facet('State')).getByRole('checkbox', { name: /open/ })).toBeTruthy());
    await user.click(within(facet('State')).getByRole('checkbox', { name: /open/ }));
    expect(searchBox().value).toBe('ws is:open');
    await waitFor(() => expect(lastSearch(bridge)).toBe('ws is:open'));
    await waitFor(() => expect(within(facet('State')).getByRole('checkbox', { name: /open/ })).toHaveProperty('checked', true));

    await user.clear(searchBox());
    await user.type(searchBox(), 'severity:crit');
    // Once the counts for the typed text are in (they re-render the panel), the control shows what the text chose.
    await waitFor(() => expect(bridge.callsTo('incidents:facets').at(-1)).toMatchObject({ search: 'severity:crit' }));
    await waitFor(() => expect(within(facet('Severity')).getAllByRole('checkbox')).toHaveLength(1));
    await waitFor(() => expect(within(facet('Severity')).getByRole('checkbox', { name: /critical/ })).toHaveProperty('checked', true));
    await user.click(within(facet('Severity')).getByRole('checkbox', { name: /critical/ }));
    expect(searchBox().value).toBe('');

    await user.click(within(facet('Time range')).getByRole('button', { name: '7 d' }));
    expect(searchBox().value).toBe('age:<7d');
    await user.click(within(facet('Time range')).getByRole('button', { name: '30 d' }));
    expect(searchBox().value).toBe('age:<30d');
    await waitFor(() => expect(bridge.callsTo('incidents:histogram').at(-1)).toEqual({ search: 'age:<30d', days: 30 }));
    // "All": the chart asks for the year core answers, shown from its first day with incidents.
    await user.click(within(facet('Time range')).getByRole('button', { name: 'All' }));
    expect(searchBox().value).toBe('');
    await waitFor(() => expect(bridge.callsTo('incidents:histogram').at(-1)).toEqual({ search: '', days: 365 }));
  });

  it('says what the search covers and how it read the text (fake bridge)', async () => {
    const { user } = await openIncidents(incidentsBridge());
    await user.type(searchBox(), 'severity:x');
    expect(await screen.findByText('No incident has severity "x" (critical, high, medium, low).')).toBeTruthy();
    expect(screen.getByTestId('search-coverage').textContent).toMatch(/4,210 of 1,000,000 incidents/);
  });

  it('j/k and the arrows move, x selects, Enter opens, Esc closes, / searches, ? lists the keys (fake bridge)', async () => {
    const bridge = incidentsBridge();
    const { user } = await openIncidents(bridge);
    const rows = () => screen.getAllByTestId('incident-row');
    const focused = () => rows().findIndex((row) => row.getAttribute('aria-current') === 'true');

    await user.keyboard('j');
    expect(focused()).toBe(0);
    await user.keyboard('jj');
    expect(focused()).toBe(2);
    await user.keyboard('k');
    expect(focused()).toBe(1);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(focused()).toBe(2);

    await user.keyboard('x');
    expect(rows()[2]!.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText(/1 selected/)).toBeTruthy();

    await user.keyboard('{Enter}');
    expect(bridge.callsTo('incidents:open')).toEqual([{ incidentId: ROWS[2]!.id }]);
    const detail = await screen.findByTestId('incident-detail');
    expect(within(detail).getByText(ROWS[2]!.hostname!)).toBeTruthy();
    expect(within(detail).getByTestId('remediation-timeline').textContent).toMatch(/L1.*RB-FW-01.*success.*92%/);

    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('incident-detail')).toBeNull();
    // Esc again lets go of the selection.
    await user.keyboard('{Escape}');
    expect(screen.queryByText(/1 selected/)).toBeNull();

    await user.keyboard('/');
    expect(document.activeElement).toBe(searchBox());
    // Keys typed into the search are text, not commands.
    await user.keyboard('jx');
    expect(searchBox().value).toBe('jx');
    expect(bridge.callsTo('incidents:open')).toHaveLength(1);
    await user.keyboard('{Escape}');
    expect(document.activeElement).not.toBe(searchBox());

    await user.keyboard('?');
    const help = screen.getByRole('dialog', { name: 'Keyboard' });
    expect(help.textContent).toMatch(/Next incident/);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Keyboard' })).toBeNull();
  });

  it('shows hostile drift data and names from the detail as inert text (fake bridge)', async () => {
    const bridge = incidentsBridge();
    const hostile = incidentRow(0, { checkType: '<script>alert("check")</script>', hostname: '<img src=x onerror="alert(1)">', siteName: '\u202Egnp.exe\u202C' });
    answerIncidents(bridge, [hostile]);
    bridge.answer('incidents:open', ok(incidentDetail(hostile, { driftJson: JSON.stringify({ '<b>key</b>': '<iframe src="https://example.invalid/"></iframe>' }), timelineJson: JSON.stringify([{ tier: '<i>L1</i>', runbook_id: '<script>x</script>', result: null, confidence: null, timestamp: null }]) })));
    const rendered = await renderConsole(bridge);
    await rendered.user.click(await screen.findByRole('button', { name: 'Incidents' }));
    await rendered.user.click(await within(await screen.findByTestId('incident-table', {}, { timeout: 10_000 })).findByText('<script>alert("check")</script>'));
    const detail = await screen.findByTestId('incident-detail');
    await waitFor(() => expect(within(detail).getByTestId('drift-data').textContent).toContain('<iframe src="https://example.invalid/"></iframe>'));
    expect(detail.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(within(detail).getByTestId('remediation-timeline').textContent).toContain('<script>x</script>');
    expect(screen.getByTestId('incidents-view').querySelectorAll('script, img, iframe, b, i')).toHaveLength(0);
  });

  it('offline, says the data is the cache\'s and how old it is, and still lists and opens incidents (fake bridge)', async () => {
    const bridge = incidentsBridge('offline');
    const { user } = await openIncidents(bridge);
    expect(screen.getByTestId('incidents-offline').textContent).toMatch(/^Reviewing cached data — last synced /);
    await user.click(screen.getAllByTestId('incident-row')[0]!);
    expect(await screen.findByTestId('incident-confirmed')).toBeTruthy();
  });

  it('saves the current query as a view, opens it again, and says why a save was refused (fake bridge)', async () => {
    const bridge = incidentsBridge();
    const saved = { id: 'v1', name: 'Open critical', search: 'severity:critical is:open', sortBy: 'severity' as const, sortDir: 'desc' as const, groupBy: null, createdAt: '2026-01-15T10:00:00Z', updatedAt: '2026-01-15T10:00:00Z' };
    bridge.answer('incidents:saveView', ok({ views: [saved] }));
    const { user } = await openIncidents(bridge);
    await user.type(searchBox(), 'severity:critical is:open');
    await user.click(screen.getByTestId('save-view'));
    await user.type(screen.getByLabelText('Name for the view'), 'Open critical');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(bridge.callsTo('incidents:saveView')).toEqual([{ name: 'Open critical', search: 'severity:critical is:open', sortBy: 'createdAt', sortDir: 'desc', groupBy: null }]);
    expect(await screen.findByRole('button', { name: 'Open critical' })).toHaveProperty('ariaCurrent', 'true');

    await user.clear(searchBox());
    await user.click(screen.getByRole('button', { name: 'Open critical' }));
    expect(searchBox().value).toBe('severity:critical is:open');
    await waitFor(() => expect(bridge.callsTo('incidents:query').at(-1)).toMatchObject({ search: 'severity:critical is:open', sortBy: 'severity', sortDir: 'desc' }));

    bridge.answer('incidents:saveView', fail('invalid-input', 'A saved view named "Open critical" exists already; choose another name.'));
    await user.click(screen.getByTestId('save-view'));
    await user.type(screen.getByLabelText('Name for the view'), 'Open critical');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByTestId('saved-view-error')).textContent).toBe('A saved view named "Open critical" exists already; choose another name.');
    // The form stays, with what was typed, for another name.
    expect((screen.getByLabelText('Name for the view') as HTMLInputElement).value).toBe('Open critical');
  });

  it('groups by site with counts, and a group opens its own list (fake bridge)', async () => {
    const bridge = incidentsBridge();
    const { user } = await openIncidents(bridge);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Group by' }), 'site');
    const groups = await screen.findAllByTestId('incident-group');
    expect(groups.map((group) => group.textContent)).toEqual(['Clinic 14', 'Clinic 24', 'Clinic 34']);
    await user.click(groups[1]!);
    await waitFor(() => expect(lastSearch(bridge)).toBe('site:site-2'));
    // The technician's own text stays as typed: the group narrows it without editing it.
    expect(searchBox().value).toBe('');
    await act(async () => {
      await user.keyboard('{Escape}');
    });
    expect(await screen.findAllByTestId('incident-group')).toHaveLength(3);
  });
});
