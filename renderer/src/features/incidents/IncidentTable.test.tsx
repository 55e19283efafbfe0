import { memo, type ComponentProps } from 'react';
import { act, screen, waitFor } from '@testing-library/react';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge, ok } from '../../test-support/fake-bridge.ts';
import { signedIn } from '../../test-support/fixtures.ts';
import { renderConsole } from '../../test-support/render-console.tsx';
import { signedInScript } from '../../test-support/signed-in-script.ts';
import { answerIncidents, incidentRow, type IncidentScriptOptions } from './test-support/incident-script.ts';
import { installJsdomGaps } from './test-support/jsdom-gaps.ts';
import { FALLBACK_VIEWPORT } from '../fleet/index.ts';
import { visibleRows } from '../../kit/fixed-row-window.ts';
import { INCIDENT_OVERSCAN_ROWS, INCIDENT_ROW_HEIGHT } from './IncidentTable.tsx';
import type * as IncidentRowModule from './IncidentRow.tsx';

/**
 * Renders of each row, by incident id, and of each placeholder, by row index: counted by wrapping the
 * real components (the memoized row with the same memo).
 */
const rowRenders = vi.hoisted(() => new Map<string, number>());
const placeholderRenders = vi.hoisted(() => new Map<number, number>());
vi.mock('./IncidentRow.tsx', async (importOriginal) => {
  const actual = await importOriginal<typeof IncidentRowModule>();
  const render = (actual.IncidentRowView as unknown as { type: (props: ComponentProps<typeof actual.IncidentRowView>) => React.ReactNode }).type;
  const Placeholder = actual.IncidentRowPlaceholder;
  return {
    ...actual,
    IncidentRowView: memo(function CountedIncidentRow(props: ComponentProps<typeof actual.IncidentRowView>) {
      rowRenders.set(props.row.id, (rowRenders.get(props.row.id) ?? 0) + 1);
      return render(props);
    }),
    IncidentRowPlaceholder: function CountedPlaceholder(props: ComponentProps<typeof Placeholder>) {
      placeholderRenders.set(props.rowIndex - 2, (placeholderRenders.get(props.rowIndex - 2) ?? 0) + 1);
      return Placeholder(props);
    },
  };
});

beforeAll(installJsdomGaps);
beforeEach(() => {
  rowRenders.clear();
  placeholderRenders.clear();
});

/** More rows than one window (100), so scrolling down asks for the next. */
const ROWS = Array.from({ length: 1_000 }, (_, index) => incidentRow(index));

async function openIncidents(options: IncidentScriptOptions = {}) {
  const bridge = new FakeBridge({
    ...signedInScript([]),
    'session:get': ok(signedIn('online')),
    'attention:list': ok({ items: [], l3Count: 0, repeatCount: 0, offlineCount: 0, asOf: '2026-01-15T10:00:30Z' }),
  });
  answerIncidents(bridge, ROWS, options);
  const rendered = await renderConsole(bridge);
  await rendered.user.click(await screen.findByRole('button', { name: 'Incidents' }));
  await screen.findByTestId('incidents-view', {}, { timeout: 10_000 });
  await waitFor(() => expect(screen.getAllByTestId('incident-row').length).toBeGreaterThan(0));
  return { bridge, table: screen.getByTestId('incident-table') };
}

const askedOffsets = (bridge: FakeBridge) => bridge.callsTo('incidents:query').map((input) => (input as { window: { offset: number } }).window.offset);
const rowShown = (index: number) => document.querySelector(`[aria-rowindex="${index + 2}"][data-incident-id]`);
const placeholderShown = (index: number) => document.querySelector(`[aria-rowindex="${index + 2}"][aria-busy="true"]`);
const renders = (index: number) => rowRenders.get(ROWS[index]!.id) ?? 0;
/** The rows the list renders when scrolled to a row: jsdom has no layout, so the fallback screenful and the margin. */
function rowsAround(index: number): number[] {
  const range = visibleRows({ scrollTop: index * INCIDENT_ROW_HEIGHT, height: FALLBACK_VIEWPORT.height, rowHeight: INCIDENT_ROW_HEIGHT, count: ROWS.length, overscan: INCIDENT_OVERSCAN_ROWS })!;
  return Array.from({ length: range.last - range.first + 1 }, (_, offset) => range.first + offset);
}
/** After a jump to row 500: a few rows of window 4 (400–499), the rest window 5's. */
const AROUND_500 = rowsAround(500);

/** Sets the list's scroll position as dragging the scrollbar does; outside act(), so React runs only what the product schedules. */
function jumpTo(table: HTMLElement, index: number) {
  table.scrollTop = index * INCIDENT_ROW_HEIGHT;
  table.dispatchEvent(new Event('scroll'));
}

describe('incident table windows (fake bridge)', () => {
  it('asks core for a window in the scroll event itself, not after React has drawn the placeholders (fake bridge)', async () => {
    const { bridge, table } = await openIncidents();
    expect(askedOffsets(bridge)).not.toContain(500);
    table.scrollTop = 500 * INCIDENT_ROW_HEIGHT;
    // Dispatched outside act(): nothing of React's (render, effects) runs before the check below.
    table.dispatchEvent(new Event('scroll'));
    expect(askedOffsets(bridge)).toContain(500);
    await waitFor(() => expect(rowShown(500)).not.toBeNull());
  });

  it('a window that lands renders its own rows only, not the rows already on screen (fake bridge, rows counted)', async () => {
    const { bridge, table } = await openIncidents();
    rowRenders.clear();
    // Scrolled to row 88: the rows on screen before 100 are window 0's, held already; the rest wait for window 1.
    const onScreen = rowsAround(88);
    expect(onScreen[0]).toBeLessThan(100);
    expect(onScreen.at(-1)).toBeGreaterThan(100);
    await act(async () => {
      table.scrollTop = 88 * INCIDENT_ROW_HEIGHT;
      table.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(rowShown(onScreen.at(-1)!)).not.toBeNull());
    expect(askedOffsets(bridge)).toContain(100);
    // Each row on screen was rendered once: those of window 0 when scrolled to, window 1's when it landed
    // (and not again then, which a re-render of the whole view on each answer did).
    expect(onScreen.filter((index) => renders(index) !== 1)).toEqual([]);
  });

  it('a jump whose windows land in time is drawn once, as rows: no placeholder pass first, none for the rows it left (fake bridge, renders counted)', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { table } = await openIncidents({ holdWindow: (offset) => (offset === 500 ? held : undefined) });
    rowRenders.clear();
    placeholderRenders.clear();
    // The hold's timer stays still: however slow this machine, the windows land "in time".
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      jumpTo(table, 500);
      // Window 4 (up to row 499) lands first, and React may render in between; then window 5.
      await act(async () => {});
      expect(rowShown(AROUND_500[0]!)).toBeNull();
      await act(async () => release());
    } finally {
      vi.useRealTimers();
    }
    expect(rowShown(AROUND_500.at(-1)!)).not.toBeNull();
    expect([...placeholderRenders.keys()]).toEqual([]);
    expect(AROUND_500.filter((index) => renders(index) !== 1)).toEqual([]);
  });

  it('a jump whose window is slow shows placeholders, then its rows (fake bridge, answer held back)', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { table } = await openIncidents({ holdWindow: (offset) => (offset === 500 ? held : undefined) });
    jumpTo(table, 500);
    // Window 4 (up to row 499) answers, window 5 is held back: once the hold is over, 4's rows are drawn and 5's are placeholders.
    await waitFor(() => expect(placeholderShown(500)).not.toBeNull());
    expect(rowShown(499)).not.toBeNull();
    expect(rowShown(500)).toBeNull();
    await act(async () => release());
    await waitFor(() => expect(rowShown(AROUND_500.at(-1)!)).not.toBeNull());
    expect(placeholderShown(500)).toBeNull();
  });
});
